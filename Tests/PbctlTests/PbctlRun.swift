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
        let (process, output, errors, ended) = prepare(executable: executable, arguments, environment: environment)
        let stdout = Self.read(output.fileHandleForReading)
        let stderr = Self.read(errors.fileHandleForReading)
        try process.run()
        let watchdog = killAfter(limit, process)
        var iterator = ended.makeAsyncIterator()
        let status = await iterator.next() ?? -1
        watchdog.cancel()
        return CommandResult(status: status, output: await stdout.value, errors: await stderr.value)
    }

    /// Starts `<name> <arguments>` like `run` and returns while it runs, with its standard error
    /// readable as it comes.
    static func start(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(60)
    ) throws -> RunningCommand {
        let (process, output, errors, ended) = prepare(executable: try BuiltExecutable.url(name), arguments, environment: environment)
        let stdout = Self.read(output.fileHandleForReading)
        let running = RunningCommand(ended: ended, stdout: stdout)
        let handle = errors.fileHandleForReading
        try process.run()
        Thread.detachNewThread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                running.append(String(decoding: data, as: UTF8.self))
            }
            running.finishErrors()
        }
        running.watchdog = killAfter(limit, process)
        return running
    }

    /// Kills `process` if it still runs after `limit` (a hung command fails its test, not the suite).
    private static func killAfter(_ limit: Duration, _ process: Process) -> Task<Void, any Error> {
        Task {
            try await Task.sleep(for: limit)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// A process for `executable` with no standard input, the filtered environment plus
    /// `environment`, piped output and a stream that yields its exit status.
    private static func prepare(
        executable: URL, _ arguments: [String], environment: [String: String]
    ) -> (Process, output: Pipe, errors: Pipe, ended: AsyncStream<Int32>) {
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
        return (process, output, errors, ended)
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

    /// Starts `pbctl <arguments>` and returns while it runs.
    func start(_ arguments: String..., limit: Duration = .seconds(60)) throws -> RunningCommand {
        try Executables.start("pbctl", arguments, environment: ["PROXBALANCE_MQTT_URL": brokerURL, "HOME": home], limit: limit)
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

/// A built executable still running: its standard error as it comes, then its result.
final class RunningCommand: @unchecked Sendable {
    private let ended: AsyncStream<Int32>
    private let stdout: Task<String, Never>
    fileprivate var watchdog: Task<Void, any Error>?
    private let lock = NSLock()
    private var errorText = ""
    private var errorsEnded = false

    fileprivate init(ended: AsyncStream<Int32>, stdout: Task<String, Never>) {
        self.ended = ended
        self.stdout = stdout
    }

    fileprivate func append(_ chunk: String) { lock.withLock { errorText += chunk } }
    fileprivate func finishErrors() { lock.withLock { errorsEnded = true } }
    private var errors: (text: String, ended: Bool) { lock.withLock { (errorText, errorsEnded) } }

    /// Waits until a line of standard error contains `text` (checked every 20 ms); fails after
    /// `timeout` or when standard error ends without it.
    func waitForError(containing text: String, within timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (seen, ended) = errors
            if seen.split(separator: "\n").contains(where: { $0.contains(text) }) { return }
            if ended { throw TestFailure("standard error ended without '\(text)': \(seen)") }
            guard ContinuousClock.now < deadline else { throw TestFailure("no '\(text)' on standard error within \(timeout): \(seen)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the end and returns what it printed.
    func result() async -> CommandResult {
        var iterator = ended.makeAsyncIterator()
        let status = await iterator.next() ?? -1
        watchdog?.cancel()
        let output = await stdout.value
        // Standard error ends with the process; its reader finishes right after (10 s at most).
        let deadline = ContinuousClock.now + .seconds(10)
        while !errors.ended, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return CommandResult(status: status, output: output, errors: errors.text)
    }
}
