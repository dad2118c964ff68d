import Contract
import Foundation
import Hummingbird

/// The simulator's own control API below `/simulator` (not part of Proxmox): state summary and
/// fault injection.
enum ServerControlAPI {
    /// Answers `method` on `path` (below `/simulator`) with `body` as the request body.
    static func respond(method: String, path: String, body: Data, simulator: PVESimulator) async -> Response {
        switch (method, path) {
        case ("GET", "/state"):
            return ServerResponses.make(status: 200, reason: "OK", body: await simulator.stateSummary())
        case ("GET", "/faults"):
            return faultsResponse(await simulator.faults())
        case ("PUT", "/faults"):
            let faults: SimulatorFaults
            do {
                faults = try decodeFaults(body)
            } catch {
                return ServerResponses.error(status: 400, reason: "invalid faults: \(error)")
            }
            await simulator.setFaults(faults)
            return faultsResponse(faults)
        default:
            return ServerResponses.error(status: 501, reason: "Method '\(method) /simulator\(path)' not implemented")
        }
    }

    /// Decodes and checks a `SimulatorFaults` JSON object (snake_case keys).
    static func decodeFaults(_ body: Data) throws -> SimulatorFaults {
        guard !body.isEmpty else { throw MessageDecodingError("the request body is empty, expected a JSON object") }
        let faults = try MessageCoding.decode(SimulatorFaults.self, from: body)
        guard faults.latencyMs >= 0 else { throw MessageDecodingError("latency_ms must not be negative") }
        guard faults.migrateAnswerDelayMs >= 0 else { throw MessageDecodingError("migrate_answer_delay_ms must not be negative") }
        guard (0...1).contains(faults.errorRate) else { throw MessageDecodingError("error_rate must be between 0 and 1") }
        return faults
    }

    private static func faultsResponse(_ faults: SimulatorFaults) -> Response {
        do {
            return ServerResponses.make(status: 200, reason: "OK", body: try MessageCoding.encode(faults))
        } catch {
            return ServerResponses.error(status: 500, reason: "cannot encode faults: \(error)")
        }
    }
}
