import ArgumentParser
import Foundation
import PVESimulator

/// `pb-pvesim generate`: writes a generated scenario as JSON (the format `serve --scenario` reads).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate a large, deliberately imbalanced scenario as JSON.")

    @Option(help: "Number of nodes.")
    var nodes = 32

    @Option(help: "Number of guests (VMs and containers).")
    var guests = 5000

    @Option(help: "Seed: the same seed gives the same scenario.")
    var seed: UInt64 = 1

    @Option(help: "File to write (default: standard output).")
    var output: String?

    func validate() throws {
        guard nodes >= 1 else { throw ValidationError("--nodes must be at least 1") }
        guard guests >= 0 else { throw ValidationError("--guests must not be negative") }
    }

    func run() throws {
        let scenario = ScenarioGenerator.generate(nodes: nodes, guests: guests, seed: seed)
        var json = try scenario.jsonData()
        json.append(contentsOf: "\n".utf8)
        guard let output else {
            FileHandle.standardOutput.write(json)
            return
        }
        do {
            try json.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError("cannot write \(output): \(error.localizedDescription)")
        }
    }
}
