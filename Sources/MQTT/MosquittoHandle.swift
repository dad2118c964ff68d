import CMosquitto

/// `mosquitto_lib_init` is not thread-safe; a global `let` runs it exactly once.
private let mosquittoLibraryStatus: Int32 = mosquitto_lib_init()

/// Owns one libmosquitto client (`struct mosquitto *`) configured for MQTT v5 from an
/// `MQTTConfiguration`; destroyed on deinit.
///
/// `@unchecked Sendable`: the pointer is immutable and libmosquitto serialises access to the
/// client internally (every API except `mosquitto_lib_init` is thread-safe).
final class MosquittoHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Creates and configures the client. Callbacks and user data are installed by the owner.
    /// - Throws: `MQTTError` for invalid settings (client id, will, TLS files, limits).
    init(configuration: MQTTConfiguration) throws {
        guard mosquittoLibraryStatus == MOSQ_ERR_SUCCESS.rawValue else {
            throw MQTTError.library(mosquittoLibraryStatus, "initialising libmosquitto")
        }
        if configuration.clientID.isEmpty && !configuration.cleanStart {
            throw MQTTError(kind: .invalidArgument, message: "a persistent session (cleanStart false) needs a client id")
        }
        guard (1...65535).contains(configuration.port) else {
            throw MQTTError(kind: .invalidArgument, message: "invalid MQTT port \(configuration.port)")
        }
        let clientID = configuration.clientID.isEmpty ? nil : configuration.clientID
        guard let pointer = mosquitto_new(clientID, configuration.cleanStart, nil) else {
            throw MQTTError(kind: .invalidArgument, message: "libmosquitto could not create a client (out of memory or invalid client id)")
        }
        self.pointer = pointer
        try configure(configuration)
    }

    deinit { mosquitto_destroy(pointer) }

    private func configure(_ configuration: MQTTConfiguration) throws {
        try check(mosquitto_int_option(pointer, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5), "selecting MQTT v5")
        try check(mosquitto_int_option(pointer, MOSQ_OPT_SEND_MAXIMUM, Int32(clamping: configuration.sendMaximum)), "setting the send maximum")
        try check(
            mosquitto_int_option(pointer, MOSQ_OPT_RECEIVE_MAXIMUM, Int32(clamping: configuration.receiveMaximum)), "setting the receive maximum")
        try check(mosquitto_int_option(pointer, MOSQ_OPT_TCP_NODELAY, 1), "setting TCP_NODELAY")
        // Our own network thread drives the loop; publishers only queue packets and wake it.
        try check(mosquitto_threaded_set(pointer, true), "enabling threaded mode")
        if let will = configuration.will {
            try setWill(will)
        }
        if configuration.username != nil || configuration.password != nil {
            // The password goes to libmosquitto only; the error context names no credential.
            try check(mosquitto_username_pw_set(pointer, configuration.username, configuration.password), "setting credentials")
        }
        if configuration.tls {
            try configureTLS(configuration)
        }
    }

    private func setWill(_ will: MQTTMessage) throws {
        guard MQTTTopicFilter.isValidTopicName(will.topic) else {
            throw MQTTError(kind: .invalidArgument, message: "invalid will topic '\(will.topic)'")
        }
        // libmosquitto takes ownership of the will's property list on success only.
        var properties: OpaquePointer?
        do {
            try MosquittoProperties.addPublishProperties(of: will, to: &properties)
        } catch {
            mosquitto_property_free_all(&properties)
            throw error
        }
        let rc = will.payload.withUnsafeBytes {
            mosquitto_will_set_v5(
                pointer, will.topic, Int32(clamping: $0.count), $0.baseAddress, will.qos.rawValue, will.retain, properties)
        }
        if rc != MOSQ_ERR_SUCCESS.rawValue {
            mosquitto_property_free_all(&properties)
        }
        try check(rc, "setting the last will")
    }

    private func configureTLS(_ configuration: MQTTConfiguration) throws {
        if let caFile = configuration.caFile {
            try check(mosquitto_tls_set(pointer, caFile, nil, nil, nil, nil), "loading the TLS CA file '\(caFile)'")
        } else {
            try check(mosquitto_int_option(pointer, MOSQ_OPT_TLS_USE_OS_CERTS, 1), "enabling the system CA store")
        }
        if configuration.tlsInsecure {
            try check(mosquitto_tls_insecure_set(pointer, true), "disabling the TLS host-name check")
        }
    }

    private func check(_ rc: Int32, _ context: String) throws {
        guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError.library(rc, context) }
    }
}
