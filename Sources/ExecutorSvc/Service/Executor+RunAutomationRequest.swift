import Contract
import Foundation

extension Executor {
    /// `run_automation`: refuses a payload with other keys than `id` and `requested_by`, else
    /// starts a run whose migrations record who asked.
    func runAutomation(_ payload: Data, id: String) async -> [UInt8] {
        switch decode(RunAutomationCommand.self, payload) {
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        case .success(let command): return await runAutomationCommand(id: id, requestedBy: command.requestedBy)
        }
    }
}
