import ArgumentParser
import Contract
import PbctlCore

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "What scoring settings would change, changing nothing: key=value … as for `settings set scoring`.",
        discussion: """
            pbctl simulate sensitivity=aggressive
            pbctl simulate penalties.cpu_threshold=50 min_confidence=70
            Shows the moves that would appear (+), disappear (-) or change (~), and every node's score now and with the settings.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "key=value assignments.") var assignments: [String] = []
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let patch = try SettingsAssignment.patch(assignments)
        try await Session.with(global) { session in
            let result = try await session.send(.request(.scoring, "simulate", patch))
            if output.json {
                session.printJSON(result)
                return
            }
            Terminal.print(SimulationView.headline(result))
            let moves = SimulationView.moves(result)
            if moves.rows.isEmpty {
                Terminal.print("no recommendation would change (\(result["unchanged"]?.int ?? 0) unchanged)")
            } else {
                session.printTable(moves)
            }
            session.printTable(SimulationView.nodes(result))
        }
    }
}
