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
    private let process: Mutex<SpawnedProcess?>
    let http: CurlHTTPClient

    private init(port: Int, process: SpawnedProcess, logFile: URL) {
        self.port = port
        self.process = Mutex(process)
        self.logFile = logFile
        var logger = Logger(label: "webdriver")
        logger.logLevel = .critical
        http = CurlHTTPClient(
            configuration: HTTPClientConfiguration(timeout: .seconds(60), connectTimeout: .seconds(5), maxConnections: 4), logger: logger)
    }

    deinit {
        process.withLock { $0?.stop(signal: SIGKILL) }
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
            let process = try SpawnedProcess(
                executable: executable, arguments: ["--port=\(port)", "--allowed-ips=127.0.0.1"], outputPath: logFile.path, errorPath: nil,
                ownGroup: true)
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
            $0?.stop(signal: SIGKILL)
            $0 = nil
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    private static func findExecutable(_ name: String) -> String? {
        SpawnedProcess.findExecutable(name, also: ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"])
    }
}
