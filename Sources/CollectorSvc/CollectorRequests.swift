import Contract
import Foundation
import Logging
import MQTT
import ProxmoxClient
import ServiceLifecycle
import ServiceRuntime

/// The collector's requests on `{b}/collector/request/<op>`: `rrd` (`RRDAnswer`). It subscribes
/// when created, before the client connects, so `online` follows the SUBACK. Requests are
/// answered one at a time, in arrival order, beside the collection loop; a bad one is
/// answered with an error, never fatal.
public struct CollectorRequests: Service {
    private let rrd: RRDAnswer
    private let topics: Topics
    private let admission: RequestAdmission
    private let answerer: RequestAnswerer
    private let requests: MQTTSubscription

    public init(
        mqtt: MQTTClient, client: PVEClient, topics: Topics, admission: RequestAdmission = RequestAdmission(), logger: Logger
    ) async throws {
        rrd = RRDAnswer(client: client)
        self.topics = topics
        self.admission = admission
        answerer = RequestAnswerer(publisher: mqtt, policy: ResponseTopicPolicy(base: topics.base, service: .collector), logger: logger)
        requests = try await mqtt.subscribe(topics.request(.collector, op: "+"), qos: .atLeastOnce, ignoreRetained: true)
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            for await message in requests { await answer(message) }
        }
    }

    /// Answers one request.
    func answer(_ message: MQTTMessage) async {
        let op = String(message.topic.dropFirst(topics.request(.collector, op: "").count))
        let id = RequestHeader.id(in: message.payloadData)
        let payload: [UInt8]
        if let refusal = admission.refusal(of: message) {
            payload = refusal.payload
        } else if op == RRDRequest.operation {
            do {
                let request = try RRDRequest.decode(message.payloadData)
                payload = ReplyPayload.make(id: id, await rrd.answer(request))
            } catch {
                payload = ReplyPayload.failure(id: id, error)
            }
        } else {
            payload = ReplyPayload.failure(id: id, .unknownOperation(op))
        }
        await answerer.answer(message, with: payload, fallbackTopic: topics.response(.collector, op: op))
    }
}
