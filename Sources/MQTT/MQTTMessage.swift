import Foundation

/// One MQTT v5 user property (a name/value pair carried next to the payload).
public struct MQTTUserProperty: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A message to publish or one received from a subscription.
public struct MQTTMessage: Sendable, Equatable {
    public var topic: String
    public var payload: [UInt8]
    public var qos: MQTTQoS
    /// On publish: ask the broker to keep the message as the topic's last value. On receipt: the
    /// message was delivered from the broker's retained store (it is old state, not a live event).
    public var retain: Bool
    /// MQTT v5 request/response: where the receiver should send its answer.
    public var responseTopic: String?
    /// MQTT v5 request/response: opaque bytes the responder echoes so requests and answers can be paired.
    public var correlationData: [UInt8]?
    /// MQTT v5 content type, for example `application/json`.
    public var contentType: String?
    /// MQTT v5 message expiry in seconds; the broker drops the message when it has waited longer.
    public var messageExpiry: UInt32?
    public var userProperties: [MQTTUserProperty]

    public init(
        topic: String, payload: [UInt8] = [], qos: MQTTQoS = .atLeastOnce, retain: Bool = false,
        responseTopic: String? = nil, correlationData: [UInt8]? = nil, contentType: String? = nil,
        messageExpiry: UInt32? = nil, userProperties: [MQTTUserProperty] = []
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.responseTopic = responseTopic
        self.correlationData = correlationData
        self.contentType = contentType
        self.messageExpiry = messageExpiry
        self.userProperties = userProperties
    }

    /// A message whose payload is the UTF-8 encoding of `string`.
    public init(topic: String, string: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false) {
        self.init(topic: topic, payload: Array(string.utf8), qos: qos, retain: retain)
    }

    /// A message whose payload is `data`, typically the output of a `JSONEncoder`.
    public init(topic: String, data: Data, qos: MQTTQoS = .atLeastOnce, retain: Bool = false, contentType: String? = nil) {
        self.init(topic: topic, payload: Array(data), qos: qos, retain: retain, contentType: contentType)
    }

    /// The payload decoded as UTF-8, or `nil` when it is not valid UTF-8.
    public var payloadString: String? { String(validating: payload, as: UTF8.self) }

    /// The payload as `Data`, ready for a `JSONDecoder`.
    public var payloadData: Data { Data(payload) }
}

extension MQTTMessage {
    /// The payload services publish on their availability topic while running.
    public static let onlinePayload = "online"
    /// The payload of the availability will, published by the broker when the service vanishes.
    public static let offlinePayload = "offline"

    /// A retained QoS 1 availability message: `online` (birth) or `offline` (will).
    public static func availability(topic: String, online: Bool) -> MQTTMessage {
        MQTTMessage(topic: topic, string: online ? onlinePayload : offlinePayload, qos: .atLeastOnce, retain: true)
    }

    /// The answer to `request`: sent to its response topic with its correlation data, or to
    /// `fallbackTopic` when the request carries no response topic (MQTT v3 style requesters,
    /// which then match answers by an id inside the payload). It goes at QoS 1, or at QoS 2 when
    /// the request came at QoS 2, so a requester asking exactly once is answered exactly once.
    /// - Throws: `MQTTError` (`.invalidArgument`) when there is neither a response topic nor a fallback.
    public static func response(
        to request: MQTTMessage, payload: [UInt8], fallbackTopic: String? = nil, contentType: String? = nil
    ) throws -> MQTTMessage {
        guard let topic = request.responseTopic ?? fallbackTopic else {
            throw MQTTError(
                kind: .invalidArgument,
                message: "request on '\(request.topic)' has no response topic and no fallback topic was given")
        }
        return MQTTMessage(
            topic: topic, payload: payload, qos: max(request.qos, .atLeastOnce), retain: false,
            correlationData: request.correlationData, contentType: contentType)
    }
}
