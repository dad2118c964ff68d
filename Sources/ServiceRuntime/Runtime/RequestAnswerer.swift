import Contract
import Logging
import MQTT
import Synchronization

/// Publishes a service's answers to requests where the broker lets it (`ResponseTopicPolicy`).
///
/// An answer goes to the request's MQTT v5 response topic with its correlation data, or to the
/// fallback topic `{b}/<service>/response/<op>` when the request has none. A response topic the
/// broker would refuse is not used: the answer goes to the fallback topic (a v3-style listener
/// there gets it) and a warning says why — once per response topic prefix, not once per request.
/// When the broker refuses an answer anyway (PUBACK reason ≥ 128, e.g. 135 with an ACL that
/// grants no inboxes), that is logged once per topic prefix and reason code, and an answer meant
/// for a response topic is published on the fallback topic too. Other failures are logged each
/// time; nothing is thrown: services answer and carry on.
public final class RequestAnswerer: Sendable {
    /// How many refused prefixes are remembered; past that the memory starts again (a flood of
    /// distinct bad topics then logs again every this many, never without bound).
    public static let rememberedLimit = 256

    public let policy: ResponseTopicPolicy
    private let publisher: any MessagePublishing
    private let logger: Logger
    private let logged = Mutex<Set<String>>([])

    public init(publisher: any MessagePublishing, policy: ResponseTopicPolicy, logger: Logger) {
        self.publisher = publisher
        self.policy = policy
        self.logger = logger
    }

    /// Answers `request` with the JSON `payload`; see the type's description.
    public func answer(_ request: MQTTMessage, with payload: [UInt8], fallbackTopic: String) async {
        var routed = request
        if let responseTopic = request.responseTopic, case .refused(let reason, let prefix) = policy.check(responseTopic) {
            if firstTime("policy \(prefix)") {
                logger.warning(
                    "answer not sent to the requested response topic: the broker would refuse it; answered on the fallback topic instead",
                    metadata: [
                        "response_topic": "\(responseTopic)", "reason": "\(reason)", "fallback_topic": "\(fallbackTopic)",
                        "request_topic": "\(request.topic)",
                    ])
            }
            routed.responseTopic = nil
        }
        await publish(routed, payload: payload, fallbackTopic: fallbackTopic)
    }

    /// Publishes the answer; on a broker refusal of a response topic, once more on the fallback.
    /// Returns whether the broker took it.
    @discardableResult
    private func publish(_ request: MQTTMessage, payload: [UInt8], fallbackTopic: String) async -> Bool {
        let message: MQTTMessage
        do {
            message = try .response(to: request, payload: payload, fallbackTopic: fallbackTopic, contentType: "application/json")
        } catch {
            logger.warning("answer not published", metadata: ["topic": "\(request.topic)", "error": "\(error)"])
            return false
        }
        do {
            try await publisher.publish(message)
            return true
        } catch let error as MQTTError where error.kind == .reasonCode {
            let prefix = ResponseTopicPolicy.prefix(of: message.topic)
            let retry = request.responseTopic != nil
            if firstTime("broker \(error.code) \(prefix)") {
                logger.warning(
                    retry
                        ? "the broker refused the answer on the response topic; answering on the fallback topic"
                        : "the broker refused the answer",
                    metadata: [
                        "topic": "\(message.topic)", "reason_code": "\(error.code)", "reason": "\(error.message)",
                        "request_topic": "\(request.topic)",
                    ])
            }
            guard retry else { return false }
            var fallback = request
            fallback.responseTopic = nil
            return await publish(fallback, payload: payload, fallbackTopic: fallbackTopic)
        } catch {
            logger.warning("answer not published", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            return false
        }
    }

    /// Whether `key` is new (and remembers it).
    private func firstTime(_ key: String) -> Bool {
        logged.withLock { keys in
            if keys.count >= Self.rememberedLimit { keys.removeAll() }
            return keys.insert(key).inserted
        }
    }
}
