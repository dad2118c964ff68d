import Contract
import Foundation
import PVESimulator
import StackSupport
import TestSupport
import Testing

/// The console in a real browser (Debian's headless Chromium over WebDriver) against the real
/// system: broker, simulator, collector, scoring, executor and `pb-web`.
@Suite(
    "Console in a browser", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: MosquittoBroker.isAvailable && ChromeDriver.isAvailable, "needs mosquitto, chromium and chromium-driver"))
struct ConsoleBrowserTests {
    static let xss = "<img src=x onerror=\"window.__pwned=1\">"

    /// Runs `body` with the stack and a fresh browser.
    static func withBrowser(
        executor: Bool = true, adjust: (inout Scenario) -> Void = { _ in },
        _ body: (ConsoleStack, WebDriverSession) async throws -> Void
    ) async throws {
        try await ConsoleStack.run(executor: executor, adjust: adjust) { stack in
            let driver = try await ChromeDriver.start()
            defer { driver.stop() }
            let browser = try await driver.newSession()
            try await body(stack, browser)
            try? await browser.quit()
        }
    }

    /// Opens the console and logs in through the form; waits for the overview's map.
    static func logIn(_ browser: WebDriverSession, _ stack: ConsoleStack, as user: String, page: String = "overview") async throws {
        try await browser.navigate(to: "\(stack.baseURL)/#/\(page)")
        let name = try await browser.waitForElement(testID: "login-username")
        try await browser.clear(name)
        try await browser.sendKeys(user, to: name)
        let password = try await browser.findElement(testID: "login-password")
        try await browser.clear(password)
        try await browser.sendKeys(ConsoleStack.password, to: password)
        try await browser.click(testID: "login-submit")
        _ = try await browser.waitForElement(testID: "user-name", timeout: .seconds(20))
    }

    /// The demo cluster's view as the API serves it, once `predicate` holds.
    static func cluster(_ stack: ConsoleStack, _ predicate: @escaping ([String: Any]) -> Bool) async throws -> [String: Any] {
        try await ConsoleAPITests.waitForCluster(try await stack.client(), predicate)
    }

    @Test("log in; every node's CPU as the snapshot says; pve3's recommendation with its reason; a hostile name is text")
    func overviewAndRecommendations() async throws {
        try await Self.withBrowser(executor: false, adjust: { $0.guests[$0.guests.firstIndex { $0.vmid == 153 }!].name = Self.xss }) {
            stack, browser in
            // A wrong password first: refused, said on the form.
            try await browser.navigate(to: stack.baseURL + "/")
            try await browser.sendKeys("alice", to: try await browser.waitForElement(testID: "login-username"))
            try await browser.sendKeys("not-the-password", to: try await browser.findElement(testID: "login-password"))
            try await browser.click(testID: "login-submit")
            let error = try await browser.waitForText(css: WebDriverSession.testIDSelector("login-error")) { !$0.isEmpty }
            #expect(error.lowercased().contains("wrong"), "\(error)")

            let view = try await Self.cluster(stack) { Self.recommendations($0).contains { $0["source"] as? String == "pve3" } }
            try await Self.logIn(browser, stack, as: "alice")
            let nodes = ((view["snapshot"] as? [String: Any])?["nodes"] as? [[String: Any]]) ?? []
            #expect(nodes.count == 4)
            for node in nodes {
                let name = try #require(node["name"] as? String)
                let cpu = try #require(node["cpu_pct"] as? Double)
                let text = try await browser.waitForText(css: WebDriverSession.testIDSelector("node-cpu-\(name)")) { $0.hasSuffix("%") }
                let shown = Double(text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)) ?? -100
                #expect(abs(shown - cpu) <= 2, "\(name): the page shows \(text), the snapshot \(cpu)")
            }
            let name = try await browser.waitForText(css: WebDriverSession.testIDSelector("guest-name-153")) { !$0.isEmpty }
            #expect(name == Self.xss)
            #expect(try await browser.findElements(css: "[data-testid=guest-153] img").isEmpty)
            #expect(try await browser.executeScript("return window.__pwned === undefined") == .bool(true))

            try await browser.click(testID: "nav-recommendations")
            let move = try #require(Self.recommendations(view).first { $0["source"] as? String == "pve3" })
            let vmid = try #require(move["vmid"] as? Int)
            let reason = try await browser.waitForText(css: WebDriverSession.testIDSelector("rec-reason-\(vmid)")) { !$0.isEmpty }
            #expect(reason.contains("pve3"), "\(reason)")

            // A phone: 390 px wide, nothing wider than the screen; dark when the system is.
            try await browser.click(testID: "nav-overview")
            try await browser.setWindowSize(width: 390, height: 844)
            _ = try await browser.waitForElement(testID: "node-card-pve3")
            let fits = try await browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth + 1")
            #expect(fits == .bool(true), "the overview scrolls sideways at 390 px")
            let background = "return getComputedStyle(document.body).backgroundColor"
            let light = try await browser.executeScript(background)
            try await browser.emulateColorScheme(dark: true)
            let dark = try await browser.executeScript(background)
            #expect(light != dark, "light \(light), dark \(dark)")
        }
    }

    @Test("scoring settings: the sensitivity and trend weight are choices; picking aggressive and saving changes scoring's settings")
    func userSettings() async throws {
        try await Self.withBrowser(executor: false) { stack, browser in
            _ = try await Self.cluster(stack) { ($0["settings"] as? [String: Any])?["scoring"] != nil }
            try await Self.logIn(browser, stack, as: "alice", page: "settings/scoring")
            let select = WebDriverSession.testIDSelector("setting-scoring-sensitivity")
            _ = try await browser.waitForElement(css: "select\(select)", timeout: .seconds(20))
            _ = try await browser.findElement(css: "select\(WebDriverSession.testIDSelector("setting-scoring-trend_weight")) option[value=high]")
            _ = try await browser.findElement(testID: "setting-scoring-min_confidence")
            try await browser.click(try await browser.findElement(css: "\(select) option[value=aggressive]"))
            try await browser.click(testID: "settings-save-scoring")
            let view = try await Self.cluster(stack) { view in
                ((view["settings"] as? [String: Any])?["scoring"] as? [String: Any])?["sensitivity"] as? String == "aggressive"
            }
            let penalties = ((view["settings"] as? [String: Any])?["scoring"] as? [String: Any])?["penalties"] as? [String: Any]
            #expect(penalties?["cpu_threshold"] as? Double == 50, "the preset's CPU threshold")
        }
    }

    @Test("migrate a guest: the bar reaches completed and the map moves it; maintenance shows the evacuation")
    func migrateAndMaintenance() async throws {
        try await Self.withBrowser { stack, browser in
            let view = try await Self.cluster(stack) { !Self.recommendations($0).isEmpty }
            let move = try #require(Self.recommendations(view).first)
            let vmid = try #require(move["vmid"] as? Int)
            let target = try #require(move["target"] as? String)
            try await Self.logIn(browser, stack, as: "alice")
            if ProcessInfo.processInfo.environment["PROXBALANCE_WRITE_SCREENSHOT"] == "1" {
                _ = try await browser.waitForElement(testID: "node-card-pve3")
                try await browser.screenshot().write(to: SimulatorScenarios.packageRoot.appendingPathComponent("docs/console.png"))
            }
            try await browser.click(testID: "migrate-button-\(vmid)")
            try await browser.click(testID: "migrate-confirm")
            let state = try await browser.waitForText(
                css: WebDriverSession.testIDSelector("migration-state-\(vmid)"), timeout: .seconds(90), "completed or failed"
            ) { ["completed", "failed", "skipped"].contains($0.lowercased()) }
            #expect(state.lowercased() == "completed")
            _ = try await browser.waitForElement(
                css: "\(WebDriverSession.testIDSelector("node-card-\(target)")) \(WebDriverSession.testIDSelector("guest-\(vmid)"))",
                timeout: .seconds(30))

            try await browser.click(testID: "maintenance-toggle-pve6")
            try? await browser.acceptAlert()
            _ = try await browser.waitForElement(
                css: "\(WebDriverSession.testIDSelector("evacuation-pve6")) [data-testid^=evac-move-]", timeout: .seconds(30))
        }
    }

    @Test("a viewer sees no migrate button and a forged POST is refused; a POST without the CSRF token is refused")
    func viewerAndForgery() async throws {
        try await Self.withBrowser(executor: false) { stack, browser in
            let view = try await Self.cluster(stack) { !Self.recommendations($0).isEmpty }
            let vmid = try #require(Self.recommendations(view).first?["vmid"] as? Int)
            try await Self.logIn(browser, stack, as: "victor")
            _ = try await browser.waitForElement(testID: "node-card-pve3")
            #expect(try await browser.findElements(css: "[data-testid^=migrate-button-]").isEmpty)
            let forged = try await Self.post(browser, "/api/clusters/homelab/executor/request/migrate", body: "{\"vmid\":\(vmid)}", csrf: true)
            #expect(forged == .number(403))

            try await browser.click(testID: "logout-button")
            try await Self.logIn(browser, stack, as: "alice")
            let noToken = try await Self.post(browser, "/api/clusters/homelab/executor/request/migrate", body: "{\"vmid\":\(vmid)}", csrf: false)
            #expect(noToken == .number(403))
        }
    }

    @Test("ten wrong passwords within a minute: the tenth is slowed down")
    func loginThrottled() async throws {
        try await Self.withBrowser(executor: false) { stack, browser in
            try await browser.navigate(to: stack.baseURL + "/")
            var last = ""
            for attempt in 1...10 {
                let password = try await browser.waitForElement(testID: "login-password")
                try await browser.clear(password)
                try await browser.sendKeys("wrong-\(attempt)", to: password)
                let user = try await browser.findElement(testID: "login-username")
                try await browser.clear(user)
                try await browser.sendKeys("alice", to: user)
                // The answer is in once the (cleared) error line says something again.
                _ = try await browser.executeScript("document.querySelector('[data-testid=login-error]')?.replaceChildren()")
                try await browser.click(testID: "login-submit")
                last = try await browser.waitForText(css: WebDriverSession.testIDSelector("login-error")) { !$0.isEmpty }
            }
            #expect(last.lowercased().contains("try again"), "\(last)")
        }
    }

    @Test("the page recovers by itself after pb-web and the broker restart")
    func recovers() async throws {
        try await Self.withBrowser(executor: false) { stack, browser in
            try await Self.logIn(browser, stack, as: "alice")
            try await stack.restartWeb()
            _ = try await browser.waitUntil("the banner gone after pb-web restarted", timeout: .seconds(30)) {
                try await browser.isDisplayed(try await browser.findElement(testID: "reconnecting-banner")) ? nil : true
            }
            // Still logged in: the session outlives the restart.
            _ = try await browser.waitForText(css: WebDriverSession.testIDSelector("user-name")) { $0.contains("alice") }
            _ = try await browser.waitForElement(testID: "node-cpu-pve3", timeout: .seconds(20))

            stack.broker.stop()
            _ = try await browser.waitForElement(testID: "broker-banner", timeout: .seconds(30))
            try stack.broker.start()
            try await browser.waitForNoElement(css: WebDriverSession.testIDSelector("broker-banner"), timeout: .seconds(60))
            // Live again: a fresh snapshot (every 2 s) reaches the page.
            let before = try await browser.waitForText(css: WebDriverSession.testIDSelector("collection-age")) { !$0.isEmpty }
            _ = try await browser.waitForText(css: WebDriverSession.testIDSelector("collection-age"), timeout: .seconds(30)) { $0 != before }
        }
    }

    static func recommendations(_ view: [String: Any]) -> [[String: Any]] {
        ((view["recommendations"] as? [String: Any])?["recommendations"] as? [[String: Any]]) ?? []
    }

    /// A POST from the page's own origin with its cookie (and its CSRF token when `csrf`); the
    /// HTTP status.
    static func post(_ browser: WebDriverSession, _ path: String, body: String, csrf: Bool) async throws -> JSONValue {
        try await browser.executeAsyncScript(
            """
            const [path, body, csrf, done] = arguments;
            (async () => {
              const session = await (await fetch('/api/session')).json();
              const headers = {'Content-Type': 'application/json'};
              if (csrf) headers['X-CSRF-Token'] = session.csrf_token;
              const response = await fetch(path, {method: 'POST', headers, body});
              done(response.status);
            })().catch(e => done(String(e)));
            """, arguments: [.string(path), .string(body), .bool(csrf)])
    }
}
