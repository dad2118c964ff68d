import ArgumentParser
import Contract
import Foundation

/// `pb-pvesim`: a simulated Proxmox VE cluster behind a real HTTPS API.
struct PVESimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pb-pvesim",
        abstract: "A Proxmox VE cluster simulator serving the /api2/json API over HTTPS.",
        version: "pb-pvesim \(ProductVersion.current)",
        subcommands: [ServeCommand.self, GenerateCommand.self, HealthCommand.self])
}

/// Entry point: a wrong flag prints one line and exits 2, a failure while running prints one
/// line and exits 1; `--help` prints the help and exits 0.
@main
enum PVESimCLI {
    static func main() async {
        do {
            var command = try PVESimCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            switch PVESimCommand.exitCode(for: error) {
            case .success:
                print(PVESimCommand.fullMessage(for: error))
                exit(0)
            case .validationFailure:
                fail(PVESimCommand.message(for: error) + " (see pb-pvesim --help)", code: 2)
            default:
                fail(String(describing: error), code: 1)
            }
        }
    }

    /// Writes `pb-pvesim: <message>` as one line on standard error and exits with `code`.
    static func fail(_ message: String, code: Int32) -> Never {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("pb-pvesim: \(line)\n".utf8))
        exit(code)
    }
}
