import Foundation
import Synchronization

/// A real mosquitto broker for tests, listening on a free 127.0.0.1 port with its own temporary
/// directory (config, password/ACL files, persistence, log). Killed and cleaned up on deinit.
///
/// ```swift
/// @Test(.enabled(if: MosquittoBroker.isAvailable), .timeLimit(.minutes(1)))
/// func roundTrip() async throws {
///     try await withBroker { broker in
///         let config = try MQTTConfiguration(url: broker.url, clientID: "t")
///         …
///     }
/// }
/// ```
public final class MosquittoBroker: Sendable {
    /// What the broker allows and keeps.
    public struct Options: Sendable {
        /// User name → password. Non-empty adds a password file (made with `mosquitto_passwd`).
        public var users: [String: String]
        public var allowAnonymous: Bool
        /// Contents of an ACL file (`user <name>` / `topic readwrite <filter>` lines), if any.
        public var aclRules: String?
        /// Keep sessions and retained messages on disk across `restart()`.
        public var persistence: Bool
        /// Serve TLS on the listener with this certificate and key (PEM files).
        public var tls: TLSFiles?
        /// Broker's `max_inflight_messages` (also its receive maximum); mosquitto's default is 20.
        public var maxInflightMessages: Int?
        /// Broker's `max_queued_messages` per client; mosquitto's default is 1000.
        public var maxQueuedMessages: Int?
        /// Extra raw `mosquitto.conf` lines.
        public var extraConfiguration: [String]

        public init(
            users: [String: String] = [:], allowAnonymous: Bool = true, aclRules: String? = nil,
            persistence: Bool = false, tls: TLSFiles? = nil, maxInflightMessages: Int? = nil,
            maxQueuedMessages: Int? = nil, extraConfiguration: [String] = []
        ) {
            self.users = users
            self.allowAnonymous = allowAnonymous
            self.aclRules = aclRules
            self.persistence = persistence
            self.tls = tls
            self.maxInflightMessages = maxInflightMessages
            self.maxQueuedMessages = maxQueuedMessages
            self.extraConfiguration = extraConfiguration
        }
    }

    /// Server certificate and private key for a TLS listener.
    public struct TLSFiles: Sendable {
        public var certificateFile: String
        public var keyFile: String

        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    /// Where mosquitto lives: on PATH or in the usual sbin folders.
    public static let executablePath: String? = findExecutable("mosquitto")

    /// Whether tests can start a broker here; use with `.enabled(if: MosquittoBroker.isAvailable)`.
    public static var isAvailable: Bool { executablePath != nil }

    public let port: Int
    public let options: Options
    /// The broker's private temporary directory.
    public let directory: URL
    private let process = Mutex<SpawnedProcess?>(nil)

    /// `mqtt://127.0.0.1:<port>` (or `mqtts://` with TLS).
    public var url: String { "\(options.tls == nil ? "mqtt" : "mqtts")://127.0.0.1:\(port)" }

    /// Writes the configuration and starts the broker; returns once it accepts connections.
    public init(options: Options = Options()) throws {
        guard let executable = Self.executablePath else {
            throw MosquittoBrokerError("mosquitto not found on PATH, /usr/sbin or /usr/local/sbin")
        }
        self.options = options
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mosquitto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.writeAuthFiles(options, in: directory)
        // A free port can be taken by someone else before mosquitto binds it: retry with another.
        var lastError: (any Error)?
        for _ in 0..<3 {
            let candidate = try freeLoopbackPort()
            do {
                try Self.writeConfiguration(options, port: candidate, in: directory)
                process.withLock { $0 = nil }
                let started = try Self.launch(executable, directory: directory, port: candidate)
                port = candidate
                process.withLock { $0 = started }
                return
            } catch {
                lastError = error
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? MosquittoBrokerError("mosquitto did not start")
    }

    deinit {
        process.withLock { $0?.stop(signal: SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the broker with SIGTERM (it saves persistence) and waits for it to exit.
    public func stop() {
        process.withLock { process in
            process?.stop(signal: SIGTERM)
            process = nil
        }
    }

    /// Kills the broker with SIGKILL, like a crash: nothing is saved.
    public func kill() {
        process.withLock { process in
            process?.stop(signal: SIGKILL)
            process = nil
        }
    }

    /// Starts the broker again on the same port with the same persistence directory.
    public func start() throws {
        guard let executable = Self.executablePath else { throw MosquittoBrokerError("mosquitto not found") }
        try process.withLock { process in
            if process?.isRunning() == true { return }
            process = try Self.launch(executable, directory: directory, port: port)
        }
    }

    /// `stop()` then `start()`: clients see their connection drop and must reconnect.
    public func restart() throws {
        stop()
        try start()
    }

    /// The broker's log so far, for failure messages.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("mosquitto.log"), encoding: .utf8)) ?? ""
    }

    // MARK: Setup

    private static func writeAuthFiles(_ options: Options, in directory: URL) throws {
        if !options.users.isEmpty {
            let passwordFile = directory.appendingPathComponent("passwd").path
            _ = FileManager.default.createFile(atPath: passwordFile, contents: Data(), attributes: [.posixPermissions: 0o600])
            guard let tool = findExecutable("mosquitto_passwd") else { throw MosquittoBrokerError("mosquitto_passwd not found") }
            for (user, password) in options.users.sorted(by: { $0.key < $1.key }) {
                try run(tool, ["-b", passwordFile, user, password])
            }
        }
        if let rules = options.aclRules {
            try rules.write(to: directory.appendingPathComponent("acl"), atomically: true, encoding: .utf8)
        }
    }

    private static func writeConfiguration(_ options: Options, port: Int, in directory: URL) throws {
        var lines = [
            "per_listener_settings false",
            "user root",  // running as root, mosquitto would otherwise drop to `mosquitto` and lose access to these files
            "allow_anonymous \(options.allowAnonymous)",
            "log_dest file \(directory.appendingPathComponent("mosquitto.log").path)",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "listener \(port) 127.0.0.1",
        ]
        if let tls = options.tls {
            lines += ["certfile \(tls.certificateFile)", "keyfile \(tls.keyFile)"]
        }
        if !options.users.isEmpty {
            lines.append("password_file \(directory.appendingPathComponent("passwd").path)")
        }
        if options.aclRules != nil {
            lines.append("acl_file \(directory.appendingPathComponent("acl").path)")
        }
        if options.persistence {
            lines += ["persistence true", "persistence_location \(directory.path)/"]
        }
        if let inflight = options.maxInflightMessages { lines.append("max_inflight_messages \(inflight)") }
        if let queued = options.maxQueuedMessages { lines.append("max_queued_messages \(queued)") }
        lines += options.extraConfiguration
        try (lines.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("mosquitto.conf"), atomically: true, encoding: .utf8)
    }

    /// Starts mosquitto and waits (up to 10 s) until the port accepts connections.
    private static func launch(_ executable: String, directory: URL, port: Int) throws -> SpawnedProcess {
        let stderrPath = directory.appendingPathComponent("stderr.log").path
        var process = try SpawnedProcess(
            executable: executable, arguments: ["-c", directory.appendingPathComponent("mosquitto.conf").path], outputPath: nil,
            errorPath: stderrPath)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if isLoopbackPortAccepting(port) { return process }
            if !process.isRunning() { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.stop(signal: SIGKILL)
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOf: directory.appendingPathComponent("mosquitto.log"), encoding: .utf8)) ?? ""
        throw MosquittoBrokerError("mosquitto did not accept connections on port \(port): \(stderr) \(log.suffix(800))")
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MosquittoBrokerError("\(URL(fileURLWithPath: executable).lastPathComponent) exited with \(process.terminationStatus)")
        }
    }

    private static func findExecutable(_ name: String) -> String? {
        SpawnedProcess.findExecutable(name, also: ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/sbin"])
    }
}

/// Starting or configuring a test broker failed.
public struct MosquittoBrokerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with a fresh broker, stopping it afterwards even when `body` throws.
public func withBroker<T>(
    options: MosquittoBroker.Options = MosquittoBroker.Options(), _ body: (MosquittoBroker) async throws -> T
) async throws -> T {
    let broker = try MosquittoBroker(options: options)
    defer { broker.stop() }
    return try await body(broker)
}
