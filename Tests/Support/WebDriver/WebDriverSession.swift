import Contract
import Foundation
import HTTPTransport

/// A WebDriver failure: the driver's error (`no such element`, `stale element reference`, …),
/// a wait that ran out, or a driver that is missing or answered something unexpected.
public enum WebDriverError: Error, CustomStringConvertible, Equatable {
    /// The W3C error code and message the driver answered.
    case driver(code: String, message: String)
    /// A wait that did not see its condition before the deadline.
    case timeout(String)
    /// chromedriver or the browser is missing or did not start.
    case unavailable(String)
    /// An answer that is not the W3C shape.
    case protocolError(String)

    public var description: String {
        switch self {
        case .driver(let code, let message): return "WebDriver \(code): \(message.prefix(500))"
        case .timeout(let message): return "timed out: \(message)"
        case .unavailable(let message): return "WebDriver unavailable: \(message)"
        case .protocolError(let message): return "WebDriver protocol: \(message.prefix(500))"
        }
    }

    /// Whether this is the driver's `no such element`.
    public var isNoSuchElement: Bool {
        if case .driver("no such element", _) = self { return true }
        return false
    }
}

/// An element found in the page (its W3C web element reference).
public struct WebElement: Sendable, Hashable {
    /// The reference's key in W3C JSON.
    static let key = "element-6066-11e4-a52e-4f735466cecf"
    /// The driver's id for the element.
    public let id: String

    /// The element as a script argument.
    public var json: JSONValue { .object([Self.key: .string(id)]) }
}

/// The JSON calls to the driver.
enum WebDriverWire {
    static func call(_ http: CurlHTTPClient, _ method: String, _ url: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let data = try body.map { try JSONEncoder().encode($0) }
        let response = try await http.send(
            HTTPRequest(
                method: method, url: url, headers: [("Content-Type", "application/json; charset=utf-8")],
                body: data ?? (method == "POST" ? Data("{}".utf8) : nil)))
        return try value(of: response)
    }

    /// The `value` of an answer; a W3C error as `WebDriverError.driver`.
    static func value(of response: HTTPResponse) throws -> JSONValue {
        guard let decoded = try? JSONDecoder().decode(JSONValue.self, from: response.body), case .object(let answer) = decoded else {
            throw WebDriverError.protocolError("HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        let value = answer["value"] ?? .null
        if response.status >= 400 || { if case .object(let v) = value, v["error"] != nil { return true } else { return false } }() {
            guard case .object(let error) = value, case .string(let code)? = error["error"] else {
                throw WebDriverError.protocolError("HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            let message: String
            if case .string(let text)? = error["message"] { message = text } else { message = "" }
            throw WebDriverError.driver(code: code, message: message)
        }
        return value
    }
}

/// One browser session: navigate, find elements by CSS, click, type, read text and attributes,
/// run scripts, take screenshots, and wait for conditions with a deadline.
public final class WebDriverSession: Sendable {
    private let http: CurlHTTPClient
    private let base: String
    /// The session id.
    public let id: String

    init(http: CurlHTTPClient, base: String, id: String) {
        self.http = http
        self.base = base
        self.id = id
    }

    private func call(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        try await WebDriverWire.call(http, method, base + path, body)
    }

    private static func element(_ value: JSONValue) throws -> WebElement {
        guard case .object(let reference) = value, case .string(let id)? = reference[WebElement.key] else {
            throw WebDriverError.protocolError("not an element: \(value)")
        }
        return WebElement(id: id)
    }

    /// Loads `url` and returns once the page's load event fired.
    public func navigate(to url: String) async throws {
        _ = try await call("POST", "/url", .object(["url": .string(url)]))
    }

    /// The page's URL.
    public func currentURL() async throws -> String {
        guard case .string(let url) = try await call("GET", "/url") else { throw WebDriverError.protocolError("url") }
        return url
    }

    /// Reloads the page.
    public func refresh() async throws {
        _ = try await call("POST", "/refresh")
    }

    /// The first element matching `css`; throws `no such element` when there is none.
    public func findElement(css: String) async throws -> WebElement {
        try Self.element(try await call("POST", "/element", .object(["using": .string("css selector"), "value": .string(css)])))
    }

    /// Every element matching `css` (none is an empty list).
    public func findElements(css: String) async throws -> [WebElement] {
        guard case .array(let items) = try await call("POST", "/elements", .object(["using": .string("css selector"), "value": .string(css)])) else {
            throw WebDriverError.protocolError("elements")
        }
        return try items.map(Self.element)
    }

    /// The element whose `data-testid` is `testID`.
    public func findElement(testID: String) async throws -> WebElement {
        try await findElement(css: Self.testIDSelector(testID))
    }

    /// `[data-testid="…"]` for `testID`, quoted for CSS.
    public static func testIDSelector(_ testID: String) -> String {
        "[data-testid=\"\(testID.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"]"
    }

    /// Clicks the element (scrolled into view first by the driver).
    public func click(_ element: WebElement) async throws {
        _ = try await call("POST", "/element/\(element.id)/click")
    }

    /// Types `text` into the element.
    public func sendKeys(_ text: String, to element: WebElement) async throws {
        _ = try await call("POST", "/element/\(element.id)/value", .object(["text": .string(text)]))
    }

    /// Empties an input.
    public func clear(_ element: WebElement) async throws {
        _ = try await call("POST", "/element/\(element.id)/clear")
    }

    /// The element's rendered text (as the user sees it).
    public func text(of element: WebElement) async throws -> String {
        guard case .string(let text) = try await call("GET", "/element/\(element.id)/text") else { throw WebDriverError.protocolError("text") }
        return text
    }

    /// The element's attribute as written in the page, `nil` when absent.
    public func attribute(_ name: String, of element: WebElement) async throws -> String? {
        Self.text(try await call("GET", "/element/\(element.id)/attribute/\(name)"))
    }

    /// The element's DOM property (`value` of an input as typed, `checked`, …), `nil` when absent.
    public func property(_ name: String, of element: WebElement) async throws -> String? {
        Self.text(try await call("GET", "/element/\(element.id)/property/\(name)"))
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let value): return value
        case .null: return nil
        case let other: return other.scalarText ?? "\(other)"
        }
    }

    /// Whether the element is displayed.
    public func isDisplayed(_ element: WebElement) async throws -> Bool {
        try await call("GET", "/element/\(element.id)/displayed") == .bool(true)
    }

    /// Runs `script` as a function body with `arguments` (elements as `element.json`); its
    /// return value as JSON.
    @discardableResult
    public func executeScript(_ script: String, arguments: [JSONValue] = []) async throws -> JSONValue {
        try await call("POST", "/execute/sync", .object(["script": .string(script), "args": .array(arguments)]))
    }

    /// Runs `script` whose last argument is a callback to call with the result.
    @discardableResult
    public func executeAsyncScript(_ script: String, arguments: [JSONValue] = []) async throws -> JSONValue {
        try await call("POST", "/execute/async", .object(["script": .string(script), "args": .array(arguments)]))
    }

    /// A PNG of the visible page.
    public func screenshot() async throws -> Data {
        guard case .string(let encoded) = try await call("GET", "/screenshot"), let png = Data(base64Encoded: encoded) else {
            throw WebDriverError.protocolError("screenshot")
        }
        return png
    }

    /// Resizes the window.
    public func setWindowSize(width: Int, height: Int) async throws {
        _ = try await call("POST", "/window/rect", .object(["width": .number(Double(width)), "height": .number(Double(height))]))
    }

    /// Makes the page see `prefers-color-scheme: dark` (or light) through Chromium's DevTools.
    public func emulateColorScheme(dark: Bool) async throws {
        let feature: JSONValue = .object(["name": .string("prefers-color-scheme"), "value": .string(dark ? "dark" : "light")])
        _ = try await call(
            "POST", "/goog/cdp/execute",
            .object(["cmd": .string("Emulation.setEmulatedMedia"), "params": .object(["features": .array([feature])])]))
    }

    /// The browser console's messages since the last call (errors, CSP violations, `console.*`).
    public func browserLog() async throws -> [String] {
        guard case .array(let entries) = try await call("POST", "/se/log", .object(["type": .string("browser")])) else { return [] }
        return entries.compactMap { entry in
            guard case .object(let fields) = entry else { return nil }
            return "\(fields["level"]?.scalarText ?? "?"): \(fields["message"]?.scalarText ?? "")"
        }
    }

    /// Asks `probe` every `interval` until it returns a value, and returns it; fails with
    /// `what` and the last error after `timeout`. Errors from `probe` (an element not there yet,
    /// a stale reference) count as "not yet".
    public func waitUntil<T: Sendable>(
        _ what: String, timeout: Duration = .seconds(10), interval: Duration = .milliseconds(50),
        _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while true {
            do {
                if let value = try await probe() { return value }
            } catch let error as WebDriverError {
                if case .driver(let code, _) = error, code == "invalid session id" || code == "invalid argument" { throw error }
                last = " (last: \(error))"
            }
            guard ContinuousClock.now < deadline else { throw WebDriverError.timeout("\(what) within \(timeout)\(last)") }
            try await Task.sleep(for: interval)
        }
    }

    /// Waits for an element matching `css`.
    public func waitForElement(css: String, timeout: Duration = .seconds(10)) async throws -> WebElement {
        try await waitUntil("an element \(css)", timeout: timeout) { try await findElement(css: css) }
    }

    /// Waits for the element with `data-testid` = `testID`.
    public func waitForElement(testID: String, timeout: Duration = .seconds(10)) async throws -> WebElement {
        try await waitForElement(css: Self.testIDSelector(testID), timeout: timeout)
    }

    /// Waits until the text of the element matching `css` satisfies `condition`; returns it.
    @discardableResult
    public func waitForText(
        css: String, timeout: Duration = .seconds(10), _ what: String = "", where condition: @Sendable (String) -> Bool
    ) async throws -> String {
        try await waitUntil("text of \(css) \(what)", timeout: timeout) {
            let text = try await text(of: try await findElement(css: css))
            return condition(text) ? text : nil
        }
    }

    /// Finds the element with `data-testid` = `testID` and clicks it, again while the page
    /// replaces it (a live page re-renders on updates, which makes a found element stale).
    public func click(testID: String, timeout: Duration = .seconds(10)) async throws {
        _ = try await waitUntil("a click on \(testID)", timeout: timeout) {
            try await click(try await findElement(testID: testID))
            return true
        }
    }

    /// Waits until no element matches `css`.
    public func waitForNoElement(css: String, timeout: Duration = .seconds(10)) async throws {
        _ = try await waitUntil("no element \(css)", timeout: timeout) { try await findElements(css: css).isEmpty ? true : nil }
    }

    /// The text of the open `alert` / `confirm` dialog (the console confirms cancel, rollback
    /// and evacuate with `window.confirm`); throws `no such alert` when none is open.
    public func alertText() async throws -> String {
        try await call("GET", "/alert/text").scalarText ?? ""
    }

    /// Accepts the open `alert` / `confirm` dialog (OK).
    public func acceptAlert() async throws {
        _ = try await call("POST", "/alert/accept")
    }

    /// Dismisses the open `confirm` dialog (Cancel).
    public func dismissAlert() async throws {
        _ = try await call("POST", "/alert/dismiss")
    }

    /// Ends the session and closes the browser.
    public func quit() async throws {
        _ = try await call("DELETE", "")
    }
}
