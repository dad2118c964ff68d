/// How an `MQTTClient` reaches and identifies itself to the broker.
///
/// `password` is a secret: it is sent to the broker and nowhere else (``description`` hides it).
public struct MQTTConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var tls: Bool
    public var username: String?
    public var password: String?
    /// CA bundle used to verify the broker with TLS; `nil` trusts the operating system's CAs.
    public var caFile: String?
    /// With TLS, skip only the host-name check (the certificate chain is still verified).
    public var tlsInsecure: Bool
    /// Must be stable and unique per service instance when `cleanStart` is false. Empty lets the
    /// library pick a random id (clean sessions only).
    public var clientID: String
    /// `false` resumes a persistent session: subscriptions and queued QoS ≥ 1 messages survive
    /// disconnections for `sessionExpiry` seconds.
    public var cleanStart: Bool
    /// Seconds the broker keeps a persistent session; sent as the session expiry interval
    /// property whenever `cleanStart` is false (MQTT v5 defaults it to 0, i.e. no persistence).
    public var sessionExpiry: UInt32
    /// Seconds between keep-alive pings; a silent connection is dropped after 1.5 times this.
    public var keepAlive: Int
    /// Last will: published by the broker when the connection dies without a clean disconnect.
    /// A clean `disconnect()` publishes it itself first, so watchers always see the final state.
    public var will: MQTTMessage?
    /// Published by the client after every successful (re)connect once every subscription is
    /// acknowledged (SUBACK), e.g. a retained `online` that means "listening".
    public var birth: MQTTMessage?
    /// First wait before reconnecting; doubles after every failed attempt up to `reconnectDelayMax`.
    public var reconnectDelay: Duration
    public var reconnectDelayMax: Duration
    /// Most QoS ≥ 1 publishes in flight at once (the broker's receive maximum, mosquitto's
    /// `max_inflight_messages`, default 20, may lower it); further publishes queue inside
    /// libmosquitto. libmosquitto walks its in-flight list on every acknowledgement, so very
    /// large values cost CPU; 100 keeps a LAN link busy.
    public var sendMaximum: Int
    /// Most QoS ≥ 1 messages the broker may have in flight towards this client.
    public var receiveMaximum: Int

    /// Default ports: 1883 for plain MQTT, 8883 with TLS.
    public static let defaultPort = 1883
    public static let defaultTLSPort = 8883

    public init(
        host: String = "127.0.0.1", port: Int? = nil, tls: Bool = false, username: String? = nil,
        password: String? = nil, caFile: String? = nil, tlsInsecure: Bool = false, clientID: String,
        cleanStart: Bool = true, sessionExpiry: UInt32 = 3600, keepAlive: Int = 30, will: MQTTMessage? = nil,
        birth: MQTTMessage? = nil, reconnectDelay: Duration = .seconds(1), reconnectDelayMax: Duration = .seconds(30),
        sendMaximum: Int = 100, receiveMaximum: Int = 1000
    ) {
        self.host = host
        self.port = port ?? (tls ? Self.defaultTLSPort : Self.defaultPort)
        self.tls = tls
        self.username = username
        self.password = password
        self.caFile = caFile
        self.tlsInsecure = tlsInsecure
        self.clientID = clientID
        self.cleanStart = cleanStart
        self.sessionExpiry = sessionExpiry
        self.keepAlive = keepAlive
        self.will = will
        self.birth = birth
        self.reconnectDelay = reconnectDelay
        self.reconnectDelayMax = reconnectDelayMax
        self.sendMaximum = sendMaximum
        self.receiveMaximum = receiveMaximum
    }

    /// Sets the availability pair on `topic`: will `offline` and birth `online`, both retained QoS 1.
    public mutating func setAvailability(topic: String) {
        will = .availability(topic: topic, online: false)
        birth = .availability(topic: topic, online: true)
    }

    /// The broker address and identity, without the password.
    public var description: String {
        let scheme = tls ? "mqtts" : "mqtt"
        let user = username.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(user)\(hostPart):\(port) (client id '\(clientID)')"
    }
}
