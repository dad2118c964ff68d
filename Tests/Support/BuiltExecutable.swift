import Foundation

/// The package's executables (`pb-pvesim`, `pb-collector`, …) as built next to the tests, run
/// as a user would.
public enum BuiltExecutable {
    /// The binary next to the test bundle, or in the package's `.build/debug`.
    public static func url(_ name: String) throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent(name))
        }
        candidates.append(SimulatorScenarios.packageRoot.appendingPathComponent(".build/debug/\(name)"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw SimulatorHarnessError("\(name) is not built (looked at \(candidates.map(\.path)))")
        }
        return found
    }

    /// Runs `<name> <arguments>` to completion with `environment` added to this process's.
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, standardOutput: String, standardError: String) {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Small outputs except `generate`'s stdout: read stderr after stdout reaches its end.
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        let standardError = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: standardOutput, as: UTF8.self), String(decoding: standardError, as: UTF8.self))
    }

    /// Starts `<name> <arguments>` in the background with `environment` added to this
    /// process's, less the variables in `removing`; its standard error is read when
    /// `capturingStandardError`, else discarded.
    public static func start(
        _ name: String, _ arguments: [String], environment: [String: String], removing: [String] = [],
        capturingStandardError: Bool = false
    ) throws -> RunningProcess {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for key in removing { merged[key] = nil }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        return try RunningProcess(process, capturingStandardError: capturingStandardError)
    }
}

/// A background process whose standard output (and, when asked, standard error) is read
/// line by line.
public final class RunningProcess {
    private let process: Process
    private let lines: AsyncStream<String>
    private let exited: AsyncStream<Int32>
    /// The lines printed on standard error when started `capturingStandardError` (else none);
    /// the stream ends when the process closes it.
    public let standardErrorLines: AsyncStream<String>

    init(_ process: Process, capturingStandardError: Bool = false) throws {
        let output = Pipe()
        process.standardOutput = output
        let (exited, exitSink) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { finished in
            exitSink.yield(finished.terminationStatus)
            exitSink.finish()
        }
        lines = Self.lines(of: output.fileHandleForReading)
        if capturingStandardError {
            let errors = Pipe()
            process.standardError = errors
            standardErrorLines = Self.lines(of: errors.fileHandleForReading)
        } else {
            process.standardError = FileHandle.nullDevice
            standardErrorLines = AsyncStream { $0.finish() }
        }
        self.process = process
        self.exited = exited
        try process.run()
    }

    /// The lines read from `reader` on a thread of their own, until its end.
    private static func lines(of reader: FileHandle) -> AsyncStream<String> {
        let (lines, lineSink) = AsyncStream.makeStream(of: String.self)
        Thread.detachNewThread {
            var pending = Data()
            while case let chunk = reader.availableData, !chunk.isEmpty {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lineSink.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            lineSink.finish()
        }
        return lines
    }

    /// The first line printed on standard output.
    public func firstLine() async throws -> String {
        var iterator = lines.makeAsyncIterator()
        guard let line = await iterator.next() else { throw SimulatorHarnessError("the process printed nothing before exiting") }
        return line
    }

    /// The process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// The resident memory (VmRSS) in KiB, read from `/proc/<pid>/status`.
    public func residentKiB() throws -> Int { try ProcessMemory.residentKiB(process.processIdentifier) }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end and returns its exit status.
    public func exitStatus() async -> Int32? {
        var iterator = exited.makeAsyncIterator()
        return await iterator.next()
    }

    /// The exit status if the process ends within `timeout`, else `nil` (it is left running).
    public func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : await exitStatus()
    }

    /// Kills the process if it still runs (cleanup after a failed test).
    public func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
