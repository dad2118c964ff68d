import CMosquitto
import Foundation

/// Builds and reads libmosquitto MQTT v5 property lists (`mosquitto_property *`).
enum MosquittoProperties {
    /// Runs `body` with a property list filled by `fill`, then frees it. `fill` adds properties
    /// with the `add*` helpers; the list pointer is `nil` when nothing was added.
    static func with<T>(
        _ fill: (inout OpaquePointer?) throws -> Void, _ body: (OpaquePointer?) throws -> T
    ) throws -> T {
        var list: OpaquePointer?
        defer { mosquitto_property_free_all(&list) }
        try fill(&list)
        return try body(list)
    }

    /// Adds the publish properties of `message` (response topic, correlation data, content type,
    /// expiry, user properties).
    static func addPublishProperties(of message: MQTTMessage, to list: inout OpaquePointer?) throws {
        if let responseTopic = message.responseTopic {
            try check(mosquitto_property_add_string(&list, id(MQTT_PROP_RESPONSE_TOPIC), responseTopic), "response topic")
        }
        if let correlation = message.correlationData {
            guard correlation.count <= Int(UInt16.max) else {
                throw MQTTError(kind: .invalidArgument, message: "correlation data longer than 65535 bytes")
            }
            let rc = correlation.withUnsafeBytes {
                mosquitto_property_add_binary(&list, id(MQTT_PROP_CORRELATION_DATA), $0.baseAddress, UInt16($0.count))
            }
            try check(rc, "correlation data")
        }
        if let contentType = message.contentType {
            try check(mosquitto_property_add_string(&list, id(MQTT_PROP_CONTENT_TYPE), contentType), "content type")
        }
        if let expiry = message.messageExpiry {
            try check(mosquitto_property_add_int32(&list, id(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL), expiry), "message expiry")
        }
        for property in message.userProperties {
            let rc = mosquitto_property_add_string_pair(&list, id(MQTT_PROP_USER_PROPERTY), property.name, property.value)
            try check(rc, "user property")
        }
    }

    /// Adds an integer property of 4 bytes (e.g. the session expiry interval).
    static func addInt32(_ property: mqtt5_property, _ value: UInt32, to list: inout OpaquePointer?) throws {
        try check(mosquitto_property_add_int32(&list, id(property), value), "property \(property.rawValue)")
    }

    /// Adds a variable-byte-integer property (e.g. a subscription identifier).
    static func addVarint(_ property: mqtt5_property, _ value: UInt32, to list: inout OpaquePointer?) throws {
        try check(mosquitto_property_add_varint(&list, id(property), value), "property \(property.rawValue)")
    }

    /// Copies a received message (valid only during libmosquitto's callback) into Swift values;
    /// also returns the subscription identifiers the broker tagged it with.
    static func copyMessage(
        _ message: UnsafePointer<mosquitto_message>, properties: OpaquePointer?
    ) -> (message: MQTTMessage, subscriptionIdentifiers: [UInt32]) {
        let raw = message.pointee
        let payload: [UInt8]
        if let bytes = raw.payload, raw.payloadlen > 0 {
            payload = Array(UnsafeRawBufferPointer(start: bytes, count: Int(raw.payloadlen)))
        } else {
            payload = []
        }
        var copy = MQTTMessage(
            topic: raw.topic.map { String(cString: $0) } ?? "", payload: payload,
            qos: MQTTQoS(rawValue: raw.qos) ?? .atMostOnce, retain: raw.retain)
        var identifiers: [UInt32] = []
        var cursor = properties
        while let property = cursor {
            read(property, into: &copy, identifiers: &identifiers)
            cursor = mosquitto_property_next(property)
        }
        return (copy, identifiers)
    }

    private static func read(_ property: OpaquePointer, into message: inout MQTTMessage, identifiers: inout [UInt32]) {
        let identifier = mosquitto_property_identifier(property)
        switch identifier {
        case id(MQTT_PROP_RESPONSE_TOPIC):
            message.responseTopic = readString(property, identifier)
        case id(MQTT_PROP_CONTENT_TYPE):
            message.contentType = readString(property, identifier)
        case id(MQTT_PROP_CORRELATION_DATA):
            var value: UnsafeMutableRawPointer?
            var length: UInt16 = 0
            if mosquitto_property_read_binary(property, identifier, &value, &length, false) != nil {
                message.correlationData = value.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(length))) } ?? []
                free(value)
            }
        case id(MQTT_PROP_MESSAGE_EXPIRY_INTERVAL):
            var value: UInt32 = 0
            if mosquitto_property_read_int32(property, identifier, &value, false) != nil { message.messageExpiry = value }
        case id(MQTT_PROP_SUBSCRIPTION_IDENTIFIER):
            var value: UInt32 = 0
            if mosquitto_property_read_varint(property, identifier, &value, false) != nil { identifiers.append(value) }
        case id(MQTT_PROP_USER_PROPERTY):
            var name: UnsafeMutablePointer<CChar>?
            var value: UnsafeMutablePointer<CChar>?
            if mosquitto_property_read_string_pair(property, identifier, &name, &value, false) != nil,
                let name, let value
            {
                message.userProperties.append(MQTTUserProperty(name: String(cString: name), value: String(cString: value)))
            }
            free(name)
            free(value)
        default:
            break
        }
    }

    private static func readString(_ property: OpaquePointer, _ identifier: Int32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard mosquitto_property_read_string(property, identifier, &value, false) != nil, let value else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    static func id(_ property: mqtt5_property) -> Int32 { Int32(property.rawValue) }

    private static func check(_ rc: Int32, _ what: String) throws {
        guard rc == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError.library(rc, "invalid MQTT \(what)") }
    }
}
