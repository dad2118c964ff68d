import Foundation
import Glibc
import Primitives

#if canImport(Glibc)
#endif

/// A real HTTP(S) server on 127.0.0.1 for tests: Python's `http.server` (HTTP/1.1, keep-alive,
/// one thread per connection) wrapped in TLS with a fresh self-signed certificate, started as a
/// subprocess on a free port and killed on `stop()` or when this object goes away. Python also
/// exits by itself if the test process dies (it watches its stdin and its parent). An object may
/// go away right after its last use, so write `let server = try TLSTestServer(); defer { server.stop() }`.
///
/// It answers configured `routes` first, then two built-in paths: `/echo` returns the request
/// as JSON (a `RecordedRequest`), `/sleep?seconds=N` answers 200 after N seconds. Anything else
/// is a 404. Every request is recorded; read them with `requests()`.
public final class TLSTestServer: @unchecked Sendable {
    // @unchecked: the process and pipes are only touched in init and under `lock` in `stop()`.

    /// A canned answer for a path (and optionally a method).
    public struct Route: Sendable {
        public var method: String?
        public var path: String
        public var status: Int
        /// The status line's reason phrase; nil for the standard one.
        public var reason: String?
        public var headers: [(name: String, value: String)]
        public var body: Data
        /// Wait this long before answering.
        public var delay: Duration

        public init(
            method: String? = nil, path: String, status: Int = 200, reason: String? = nil,
            headers: [(name: String, value: String)] = [], body: Data = Data(), delay: Duration = .zero
        ) {
            self.method = method
            self.path = path
            self.status = status
            self.reason = reason
            self.headers = headers
            self.body = body
            self.delay = delay
        }
    }

    /// A request as the server saw it.
    public struct RecordedRequest: Sendable, Decodable {
        public var method: String
        public var path: String
        public var query: String
        public var headers: [[String]]
        public var body: Data
        /// The client's TCP port: requests with the same port came over the same connection.
        public var peerPort: Int

        /// The first header with this name, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.count == 2 && $0[0].caseInsensitiveCompare(name) == .orderedSame }?[1]
        }
    }

    /// A self-signed certificate for `localhost` and `127.0.0.1`, made with the openssl CLI.
    public struct Certificate: Sendable {
        public var certificatePath: String
        public var keyPath: String
        /// SHA-256 fingerprint as openssl prints it: `AB:CD:…`.
        public var fingerprint: String

        /// Writes `cert.pem` and `key.pem` (EC P-256, valid 2 days) into `directory`.
        public static func generate(in directory: String) throws -> Certificate {
            let certificate = (directory as NSString).appendingPathComponent("cert.pem")
            let key = (directory as NSString).appendingPathComponent("key.pem")
            let openssl = try TLSTestServer.executable("openssl")
            _ = try TLSTestServer.run(
                openssl, in: directory,
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", certificate,
                ])
            let output = try TLSTestServer.run(
                openssl, in: directory, ["x509", "-noout", "-fingerprint", "-sha256", "-in", certificate])
            guard let equals = output.firstIndex(of: "=") else {
                throw Failure("unexpected openssl fingerprint output: \(output)")
            }
            let fingerprint = output[output.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
            return Certificate(certificatePath: certificate, keyPath: key, fingerprint: fingerprint)
        }
    }

    /// Why the server could not start.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public let port: Int
    /// The server's certificate; nil for plain HTTP.
    public let certificate: Certificate?
    /// `https://127.0.0.1:<port>` (or `http://` without TLS).
    public let baseURL: String

    private let directory: TemporaryDirectory
    private let process: Process
    private let input: Pipe
    private let output: Pipe
    private let requestLog: String
    private let lock = NSLock()
    private var stopped = false

    /// Starts the server and returns once it accepts connections.
    public init(routes: [Route] = [], tls: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "pb-httpserver")
        certificate = tls ? try Certificate.generate(in: directory.path) : nil
        requestLog = directory.file("requests.jsonl")
        let script = directory.file("server.py")
        let configuration = directory.file("config.json")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        try Self.configurationJSON(routes: routes, certificate: certificate, log: requestLog)
            .write(to: URL(fileURLWithPath: configuration))

        let errorLog = directory.file("server.log")
        _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.executable("python3"))
        process.arguments = ["-u", script, configuration]
        input = Pipe()
        output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorLog)
        try process.run()

        guard let port = Self.readPort(from: output, of: process, timeout: .seconds(30)) else {
            let log = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
            process.terminate()
            process.waitUntilExit()
            throw Failure("the test HTTP server did not start: \(log)")
        }
        self.port = port
        baseURL = "\(tls ? "https" : "http")://127.0.0.1:\(port)"
    }

    deinit {
        stop()
    }

    /// Kills the server and waits for it to exit; its port is then free. Idempotent.
    public func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// Every request received so far, in arrival order.
    public func requests() throws -> [RecordedRequest] {
        guard let text = try? String(contentsOfFile: requestLog, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(RecordedRequest.self, from: Data($0.utf8)) }
    }

    private static func configurationJSON(routes: [Route], certificate: Certificate?, log: String) throws -> Data {
        let routeObjects: [[String: Any]] = routes.map { route in
            var object: [String: Any] = [
                "path": route.path, "status": route.status, "headers": route.headers.map { [$0.name, $0.value] },
                "body": route.body.base64EncodedString(),
                "delaySeconds": route.delay.seconds,
            ]
            if let method = route.method { object["method"] = method }
            if let reason = route.reason { object["reason"] = reason }
            return object
        }
        var configuration: [String: Any] = ["routes": routeObjects, "log": log]
        if let certificate {
            configuration["certificate"] = certificate.certificatePath
            configuration["key"] = certificate.keyPath
        }
        return try JSONSerialization.data(withJSONObject: configuration)
    }

    /// The absolute path of a tool, from PATH or the usual system folders.
    static func executable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
        for folder in folders {
            let candidate = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure("\(name) not found on PATH")
    }

    /// Runs a tool to completion and returns its standard output; throws if it fails. Output goes
    /// through files in `directory`, not pipes: a pipe's end of file can be held back forever by
    /// any other child process that inherited its write end.
    static func run(_ executable: String, in directory: String, _ arguments: [String]) throws -> String {
        let outputPath = (directory as NSString).appendingPathComponent("tool.out")
        let errorPath = (directory as NSString).appendingPathComponent("tool.err")
        for path in [outputPath, errorPath] {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw Failure("cannot create \(path)") }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure("\(executable) \(arguments.first ?? "") failed: \(errors)")
        }
        return output
    }

    /// Reads the port Python prints once it listens. Gives up after `timeout`, or as soon as
    /// Python has exited, without waiting for an end of file.
    private static func readPort(from pipe: Pipe, of process: Process, timeout: Duration) -> Int? {
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        while ContinuousClock.now < deadline {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 100) > 0 else {
                if !process.isRunning { return nil }
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 64)
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { return nil }
            received += chunk[0..<count]
            if let newline = received.firstIndex(of: UInt8(ascii: "\n")) {
                return Int(String(decoding: received[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    private static let script = #"""
        import base64, json, os, ssl, sys, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit, parse_qs

        with open(sys.argv[1]) as f:
            config = json.load(f)
        routes = config["routes"]
        log_lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass

            def handle_request(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length > 0 else b""
                url = urlsplit(self.path)
                record = {
                    "method": self.command, "path": url.path, "query": url.query,
                    "headers": [[k, v] for k, v in self.headers.items()],
                    "body": base64.b64encode(body).decode("ascii"),
                    "peerPort": self.client_address[1],
                }
                with log_lock:
                    with open(config["log"], "a") as log:
                        log.write(json.dumps(record) + "\n")
                status, reason, headers, payload, delay = 404, None, [], b"not found", 0
                route = next((r for r in routes
                              if r["path"] == url.path and r.get("method") in (None, self.command)), None)
                if route is not None:
                    status, reason, headers = route["status"], route.get("reason"), route["headers"]
                    payload, delay = base64.b64decode(route["body"]), route["delaySeconds"]
                elif url.path == "/echo":
                    status, headers = 200, [["Content-Type", "application/json"]]
                    payload = json.dumps(record).encode()
                elif url.path == "/sleep":
                    delay = float(parse_qs(url.query).get("seconds", ["1"])[0])
                    status, payload = 200, b"slept"
                if delay > 0:
                    time.sleep(delay)
                self.send_response(status, reason)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_request

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request, client_address):
                pass  # failed handshakes and clients that hang up are expected in tests

        server = Server(("127.0.0.1", 0), Handler)
        if config.get("certificate"):
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(config["certificate"], config["key"])
            server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)

        parent = os.getppid()

        def exit_on_stdin_end():
            try:
                while sys.stdin.buffer.read(1024):
                    pass
            finally:
                os._exit(0)

        def exit_when_orphaned():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)

        threading.Thread(target=exit_on_stdin_end, daemon=True).start()
        threading.Thread(target=exit_when_orphaned, daemon=True).start()
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
