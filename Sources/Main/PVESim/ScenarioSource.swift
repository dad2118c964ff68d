import Foundation
import PVESimulator

/// Where `--scenario` takes the cluster from: a JSON file, or `generated:<nodes>x<guests>[:<seed>]`
/// built in memory by `ScenarioGenerator`.
enum ScenarioSource: Equatable {
    case file(String)
    case generated(nodes: Int, guests: Int, seed: UInt64)

    static let generatedPrefix = "generated:"

    /// Parses the `--scenario` value; a malformed `generated:` spec is an error naming the expected form.
    init(_ text: String) throws {
        guard text.hasPrefix(Self.generatedPrefix) else {
            self = .file(text)
            return
        }
        let spec = text.dropFirst(Self.generatedPrefix.count).split(separator: ":", omittingEmptySubsequences: false)
        let sizes = spec.first?.split(separator: "x", omittingEmptySubsequences: false) ?? []
        guard spec.count <= 2, sizes.count == 2, let nodes = Int(sizes[0]), let guests = Int(sizes[1]), nodes >= 1, guests >= 0,
            let seed = spec.count == 2 ? UInt64(spec[1]) : 1
        else {
            throw CLIError("'\(text)' is not a valid scenario; expected a JSON file or generated:<nodes>x<guests>[:<seed>], e.g. generated:32x5000")
        }
        self = .generated(nodes: nodes, guests: guests, seed: seed)
    }

    /// Reads or generates the scenario; an unreadable or invalid file throws a one-line `ScenarioError`.
    func load() throws -> Scenario {
        switch self {
        case .generated(let nodes, let guests, let seed):
            return ScenarioGenerator.generate(nodes: nodes, guests: guests, seed: seed)
        case .file(let path):
            return try Scenario.load(path: path)
        }
    }
}
