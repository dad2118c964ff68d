import CSpawn
import Contract
import Foundation
import HTTPTransport
import Logging
import Synchronization

/// Debian's `chromedriver` (package `chromium-driver`) on a free 127.0.0.1 port, driving headless
/// Chromium (package `chromium`) over W3C WebDriver. The driver runs in its own process group,
/// so `stop()` also ends every browser it started, even when a session was never quit.
///
/// ```swift
/// @Test(.enabled(if: ChromeDriver.isAvailable))
/// func page() async throws {
///     let driver = try await ChromeDriver.start()
///     defer { driver.stop() }
///     let browser = try await driver.newSession()
///     try await browser.navigate(to: "http://127.0.0.1:8080/")
///     let title = try await browser.waitForElement(css: "h1")
///     #expect(try await browser.text(of: title) == "ProxBalance")
///     try await browser.quit()
/// }
/// ```
public final class ChromeDriver: Sendable {
    /// Where `chromedriver` is: on `PATH` or in `/usr/bin`.
    public static let executablePath: String? = findExecutable("chromedriver")
    /// Where the browser is (`chromium`, else `chromium-browser`), passed as the session's binary.
    public static let browserPath: String? = findExecutable("chromium") ?? findExecutable("chromium-browser")
    /// Whether a browser test can run here; use with `.enabled(if: ChromeDriver.isAvailable)`.
    public static var isAvailable: Bool { executablePath != nil && browserPath != nil }

    /// The driver's port on 127.0.0.1.
    public let port: Int
    /// The driver's log (its standard output and error), for failure messages.
    public let logFile: URL
    private let process: Mutex<DriverProcess?>
    let http: CurlHTTPClient

    private init(port: Int, process: DriverProcess, logFile: URL) {
        self.port = port
        self.process = Mutex(process)
        self.logFile = logFile
        var logger = Logger(label: "webdriver")
        logger.logLevel = .critical
        http = CurlHTTPClient(
            configuration: HTTPClientConfiguration(timeout: .seconds(60), connectTimeout: .seconds(5), maxConnections: 4), logger: logger)
    }

    deinit {
        process.withLock { $0?.stop() }
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts chromedriver on a free port and returns once its `/status` says it is ready
    /// (within `timeout`).
    public static func start(timeout: Duration = .seconds(20)) async throws -> ChromeDriver {
        guard let executable = executablePath else {
            throw WebDriverError.unavailable("chromedriver is not installed (apt-get install chromium-driver)")
        }
        var lastError: any Error = WebDriverError.unavailable("chromedriver did not start")
        // A free port can be taken before chromedriver binds it: try another one then.
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("chromedriver-\(UUID().uuidString).log")
            let process = try DriverProcess(executable: executable, arguments: ["--port=\(port)", "--allowed-ips=127.0.0.1"], logPath: logFile.path)
            let driver = ChromeDriver(port: port, process: process, logFile: logFile)
            do {
                try await driver.waitUntilReady(timeout: timeout)
                return driver
            } catch {
                lastError = error
                driver.stop()
            }
        }
        throw lastError
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.withLock({ $0?.isRunning() ?? false }) else {
                throw WebDriverError.unavailable("chromedriver exited: \(log.suffix(600))")
            }
            if let response = try? await http.send(HTTPRequest(url: "\(baseURL)/status", timeout: .seconds(2))) {
                if case .object(let status)? = try? WebDriverWire.value(of: response), status["ready"] == JSONValue.bool(true) { return }
                last = String(decoding: response.body, as: UTF8.self)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError.timeout("chromedriver was not ready within \(timeout): \(last)")
    }

    /// Opens a browser: headless Chromium (`--headless=new --no-sandbox`) with the window size
    /// given, plus `arguments`. Browser console messages are kept for `browserLog()`.
    public func newSession(width: Int = 1280, height: Int = 900, arguments: [String] = []) async throws -> WebDriverSession {
        var options: [String: JSONValue] = [
            "args": .array(
                (["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)"] + arguments).map {
                    .string($0)
                })
        ]
        if let browser = Self.browserPath { options["binary"] = .string(browser) }
        let capabilities: JSONValue = .object([
            "capabilities": .object([
                "alwaysMatch": .object([
                    "browserName": .string("chrome"),
                    "goog:chromeOptions": .object(options),
                    "goog:loggingPrefs": .object(["browser": .string("ALL")]),
                ])
            ])
        ])
        let value = try await WebDriverWire.call(http, "POST", "\(baseURL)/session", capabilities)
        guard case .object(let answer) = value, case .string(let id)? = answer["sessionId"] else {
            throw WebDriverError.protocolError("new session answered \(value)")
        }
        return WebDriverSession(http: http, base: "\(baseURL)/session/\(id)", id: id)
    }

    /// The driver's log so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Ends chromedriver and every browser it started (SIGKILL to its process group).
    public func stop() {
        process.withLock {
            $0?.stop()
            $0 = nil
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"]
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// The chromedriver child: spawned with posix_spawn in a process group of its own, with an
/// empty signal mask (the test process blocks some signals and `Foundation.Process` would pass
/// that on) and no inherited descriptors but its log.
private struct DriverProcess {
    let pid: pid_t
    private var exited = false

    init(executable: String, arguments: [String], logPath: String) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        cspawn_addclosefrom(&actions, 3)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        guard rc == 0 else { throw WebDriverError.unavailable("posix_spawn \(executable) failed: \(String(cString: strerror(rc)))") }
        self.pid = pid
    }

    /// Whether the driver still runs (reaps it once it has exited).
    mutating func isRunning() -> Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || result < 0 { exited = true }
        return !exited
    }

    /// Kills the whole process group (driver and browsers) and reaps the driver.
    mutating func stop() {
        Foundation.kill(-pid, SIGKILL)
        if !exited {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exited = true
        }
    }
}
