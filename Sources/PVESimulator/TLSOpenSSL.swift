import Foundation

/// Runs the `openssl` command-line tool (found on `PATH`) and returns what it printed.
enum TLSOpenSSL {
    /// Runs `openssl <arguments>`; throws `TLSCertificateError` with openssl's own message when it fails.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TLSCertificateError("cannot run the openssl command: \(error.localizedDescription)")
        }
        // Read both pipes to the end before waiting, so a chatty openssl can never block on a full pipe.
        let errorData = PipeReader(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorData.wait()
        guard process.terminationStatus == 0 else {
            let detail =
                String(decoding: stderr, as: UTF8.self)
                .split(whereSeparator: \.isNewline)
                .first { !$0.allSatisfy { $0 == "-" || $0 == "." || $0 == "+" || $0 == "*" } }
                .map(String.init) ?? "exit status \(process.terminationStatus)"
            throw TLSCertificateError("openssl \(arguments.first ?? "") failed: \(detail)")
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}

/// Reads a pipe to its end on a background thread, so two pipes can be drained at once.
private final class PipeReader: @unchecked Sendable {
    // Written once by the reader thread before `done` is signalled, read after `wait()`.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
