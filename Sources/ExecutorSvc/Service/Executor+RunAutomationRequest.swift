import Contract
import Foundation

extension Executor {
    /// `run_automation`: refuses a payload with other keys than `id`, else starts a run.
    func runAutomation(_ payload: Data, id: String) async -> [UInt8] {
        switch decode(RunAutomationCommand.self, payload) {
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        case .success: return await runAutomationCommand(id: id)
        }
    }
}
