import Contract
import Foundation
import MQTT

/// "Ready means ready", checked from outside: a service process started again and again
/// answers a request sent the moment it says `online`.
public enum OnlineReadiness {
    /// Restarts per service (`PROXBALANCE_TEST_RESTARTS`, default 20).
    public static let rounds = Int(ProcessInfo.processInfo.environment["PROXBALANCE_TEST_RESTARTS"] ?? "") ?? 20

    /// Starts the service `rounds` times. Each time: wait for `online`, send the request
    /// `payload(round)` (its `id` must be `"r<round>"`) to `topic` at once, expect an answer
    /// echoing that id, then SIGTERM, `offline` and exit status 0.
    public static func requestOnOnline(
        rounds: Int = rounds, watch: AvailabilityWatch, client: MQTTClient, topic: String,
        payload: (Int) -> String = { #"{"id":"r\#($0)"}"# }, start: () throws -> RunningProcess
    ) async throws {
        for round in 1...rounds {
            let service = try start()
            defer { service.terminate() }
            try await watch.online()
            let reply = try await TestBus.request(client, topic, payload(round), as: JSONValue.self)
            guard reply.id == "r\(round)" else { throw TestFailure("round \(round): the answer has id \(reply.id ?? "nil")") }
            service.signal(SIGTERM)
            try await watch.offline()
            guard await service.exitStatus(within: .seconds(10)) == 0 else { throw TestFailure("round \(round): no clean exit") }
        }
    }
}
