import Contract
import Foundation

/// The `{b}/events/automation` event of a run that selected moves.
enum AutomationEvents {
    static func summary(_ state: AutomationState, cluster: String, at now: Date) -> BusEvent {
        let done = state.candidates.filter { $0.action == .executed }
        let dry = state.candidates.filter { $0.action == .dryRun }
        let failed = state.candidates.filter { $0.action == .failed }
        let title: String
        if state.mode == .live {
            title = "Automation moved \(done.count) guest\(done.count == 1 ? "" : "s")" + (failed.isEmpty ? "" : ", \(failed.count) failed")
        } else {
            title = "Automation dry run: \(dry.count) move\(dry.count == 1 ? "" : "s") would run"
        }
        let lines = (done + dry + failed).map { "\($0.label): \($0.source) → \($0.target) (\($0.action.rawValue))" }
        return BusEvent(
            id: "automation-\(Int(state.at.timeIntervalSince1970 * 1000))", cluster: cluster, category: .automation,
            kind: "run_summary", severity: failed.isEmpty ? .info : .warning, at: now, title: title,
            message: ([state.summary] + lines).joined(separator: "\n"),
            details: [
                .init("status", state.status.rawValue), .init("mode", state.mode.rawValue), .init("executed", String(done.count)),
                .init("dry_run", String(dry.count)), .init("failed", String(failed.count)),
            ])
    }
}
