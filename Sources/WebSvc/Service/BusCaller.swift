import ConsoleCore
import Contract
import Foundation
import Logging
import MQTT

/// Sends a browser's call on the bus as a v5 request into the console's own inbox and waits for
/// the service's answer.
struct BusCaller: Sendable {
    let mqtt: MQTTClient
    let hub: ConsoleHub
    /// `<base>/clients/<username>/responses/web`: the inbox the ACL lets this account read.
    let inbox: String
    let logger: Logger
    /// How long a service has to answer.
    var timeout: Duration = .seconds(20)

    /// Why a call got no answer.
    enum Failure: Error {
        case brokerDown
        case noAnswer(String)
        case badInput(ConsolePayload.Problem)
    }

    /// Publishes `call` for `cluster` and returns the service's `Reply` bytes.
    func send(_ call: ConsoleCall, cluster: String, body: [UInt8], user: String) async throws(Failure) -> [UInt8] {
        guard await hub.brokerConnected else { throw .brokerDown }
        let id = "web-" + UUID().uuidString.lowercased()
        let now = Date()
        let root = await topicRoot(for: call, cluster: cluster)
        let payload: [UInt8]
        var properties: [MQTTUserProperty] = []
        switch call {
        case .maintenance:
            payload = body
            properties = [
                MQTTUserProperty(name: "sent_at", value: ISO8601DateFormatter().string(from: now)),
                MQTTUserProperty(name: "requested_by", value: ConsolePayload.requester(user)),
            ]
        case .request, .settings:
            do {
                payload = try ConsolePayload.make(call, body: body, id: id, user: user, now: now)
            } catch {
                throw .badInput(error)
            }
        }
        logger.info("sending", metadata: ["call": "\(call.name)", "cluster": "\(cluster)", "user": "\(user)", "id": "\(id)"])
        do {
            let answer = try await mqtt.request(
                topic: "\(root)/\(call.topicSuffix)", payload: payload, responseTopic: "\(inbox)/\(call.name)",
                contentType: "application/json", timeout: timeout, messageExpiry: 60, userProperties: properties)
            return answer.payload
        } catch let error as MQTTError {
            logger.warning("no answer", metadata: ["call": "\(call.name)", "cluster": "\(cluster)", "error": "\(error)"])
            throw .noAnswer(error.kind == .noResponder ? "the \(call.service.rawValue) service is not listening" : "\(error)")
        } catch {
            throw .noAnswer("\(error)")
        }
    }

    /// `{b}`, or `<base>` for the notifier when no notifier serves the cluster alone.
    private func topicRoot(for call: ConsoleCall, cluster: String) async -> String {
        if call.service == .notifier, !(await hub.hasClusterNotifier(cluster)) { return hub.base }
        return "\(hub.base)/\(cluster)"
    }
}
