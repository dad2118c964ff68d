import ArgumentParser
import Contract
import PbctlCore

struct ThresholdsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresholds",
        abstract: "CPU, memory and IO-wait thresholds suggested from the node history (scoring's `threshold_suggestions`).",
        discussion: """
            pbctl thresholds
            pbctl thresholds --window 14d
            Changes nothing: apply a suggestion with `pbctl settings set scoring penalties.cpu_threshold=72`.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Over this window (1h to 90d, e.g. 14d); default the analysis lookback.") var window: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var fields: [String: JSONValue] = [:]
        if let window { fields["window"] = .string(window) }
        try await Session.with(global) { session in
            let result = try await session.send(.request(.scoring, "threshold_suggestions", fields))
            if output.json {
                session.printJSON(result)
                return
            }
            session.printTable(ThresholdView.table(result))
            for reason in ThresholdView.reasons(result) { Terminal.print(reason) }
        }
    }
}
