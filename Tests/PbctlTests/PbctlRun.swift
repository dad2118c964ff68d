import Contract
import Foundation
import PbctlCore
import TestSupport

/// What one run of a built executable printed and returned.
struct CommandResult: Sendable, CustomStringConvertible {
    var status: Int32
    var output: String
    var errors: String

    var lines: [String] { output.split(separator: "\n").map(String.init) }

    /// The standard output as JSON.
    func json() throws -> JSONValue { try JSONValue.parse(Array(output.utf8)) }

    var description: String { "exit \(status)\nstdout: \(output.prefix(1500))\nstderr: \(errors.prefix(600))" }
}

/// Runs the built executables as a user would, without blocking a thread of the concurrency pool
/// while the in-process stack answers.
enum Executables {
    /// Runs `<name> <arguments>` with no standard input and the process environment less every
    /// `PROXBALANCE_*`/`NO_COLOR`/`COLUMNS` variable, plus `environment`; kills it after `limit`.
    static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(60)
    ) async throws -> CommandResult {
        try await run(executable: try BuiltExecutable.url(name), arguments, environment: environment, limit: limit)
    }

    /// Runs the program at `executable` the same way.
    static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(60)
    ) async throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PROXBALANCE_") && $0.key != "NO_COLOR" && $0.key != "COLUMNS" }
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let (ended, sink) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { sink.yield($0.terminationStatus) }
        let stdout = Self.read(output.fileHandleForReading)
        let stderr = Self.read(errors.fileHandleForReading)
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: limit)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        var iterator = ended.makeAsyncIterator()
        let status = await iterator.next() ?? -1
        watchdog.cancel()
        return CommandResult(status: status, output: await stdout.value, errors: await stderr.value)
    }

    private static func read(_ handle: FileHandle) -> Task<String, Never> {
        let (stream, sink) = AsyncStream.makeStream(of: String.self)
        Thread.detachNewThread {
            sink.yield(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
            sink.finish()
        }
        return Task {
            var text = ""
            for await chunk in stream { text += chunk }
            return text
        }
    }
}

/// `pbctl` against one broker, with a home folder of its own (no `pbctl.json`).
struct PbctlRunner: Sendable {
    let brokerURL: String
    let home: String

    func callAsFunction(_ arguments: String..., environment: [String: String] = [:], limit: Duration = .seconds(60)) async throws -> CommandResult {
        try await run(arguments, environment: environment, limit: limit)
    }

    func run(_ arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(60)) async throws -> CommandResult {
        try await Executables.run(
            "pbctl", arguments, environment: ["PROXBALANCE_MQTT_URL": brokerURL, "HOME": home].merging(environment) { $1 }, limit: limit)
    }

    /// Runs `arguments` until `predicate` holds for the result (deadline `seconds`).
    func eventually(
        _ arguments: [String], within seconds: Double = 60, _ predicate: (CommandResult) -> Bool
    ) async throws -> CommandResult {
        let deadline = Date().addingTimeInterval(seconds)
        var last: CommandResult?
        while Date() < deadline {
            let result = try await run(arguments)
            if predicate(result) { return result }
            last = result
            try await Task.sleep(for: .milliseconds(300))
        }
        throw TestFailure("pbctl \(arguments.joined(separator: " ")) never satisfied the condition; last: \(last.map { "\($0)" } ?? "none")")
    }
}
