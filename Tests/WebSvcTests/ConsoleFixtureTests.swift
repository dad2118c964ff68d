import Contract
import Foundation
import TestSupport
import Testing

/// The console's pages in a real browser against `ConsoleFixtureServer`: the real `web/` files,
/// the demo's captured ConsoleState (`Tests/Fixtures/console-state.json`) and the documented
/// HTTP API, without a broker or `pb-web`.
@Suite(.serialized, .enabled(if: ChromeDriver.isAvailable, "needs Debian's chromium and chromium-driver (scripts/setup.sh)"))
struct ConsoleFixtureTests {
    static let xss = "<img src=x onerror=alert(1)>"

    /// Runs `body` with a fixture server for `state` and a fresh browser.
    static func withConsole(
        _ state: JSONValue? = nil, _ body: (ConsoleFixtureServer, WebDriverSession) async throws -> Void
    ) async throws {
        let server = try await ConsoleFixtureServer.start(consoleState: try state ?? ConsoleFixtureServer.fixtureState())
        let driver = try await ChromeDriver.start()
        defer { driver.stop() }
        do {
            let browser = try await driver.newSession()
            try await body(server, browser)
            try? await browser.quit()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Opens the console and logs in through the form.
    static func logIn(_ browser: WebDriverSession, _ server: ConsoleFixtureServer, as user: String, page: String = "overview") async throws {
        try await browser.navigate(to: "\(server.baseURL)/#/\(page)")
        try await browser.sendKeys(user, to: try await browser.waitForElement(testID: "login-username"))
        try await browser.sendKeys("demo", to: try await browser.findElement(testID: "login-password"))
        try await browser.click(try await browser.findElement(testID: "login-submit"))
        _ = try await browser.waitForElement(testID: "user-name")
    }

    /// Browser console errors other than the expected 401 of the first session check.
    static func problems(_ browser: WebDriverSession) async throws -> [String] {
        try await browser.browserLog().filter { $0.hasPrefix("SEVERE") && !$0.contains("status of 401") }
    }

    static func snapshot(_ state: JSONValue) -> JSONValue? { state["clusters"]?["homelab"]?["snapshot"] }

    @Test(.timeLimit(.minutes(2)))
    func overviewShowsEveryNodeAndGuestAsText() async throws {
        var state = try ConsoleFixtureServer.fixtureState()
        state.renameGuest(153, to: Self.xss)
        let nodes = Self.snapshot(state)?["nodes"]?.arrayValue ?? []
        try #require(nodes.count == 4)
        try await Self.withConsole(state) { server, browser in
            try await Self.logIn(browser, server, as: "alice")
            for node in nodes {
                guard let name = node["name"]?.scalarText, case .number(let cpu)? = node["cpu_pct"] else { continue }
                let text = try await browser.waitForText(css: WebDriverSession.testIDSelector("node-cpu-\(name)")) { $0.hasSuffix("%") }
                let shown = Double(text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)) ?? -1
                #expect(abs(shown - cpu) <= 0.05, "\(name): shows \(text), snapshot \(cpu)")
            }
            #expect(try await browser.text(of: try await browser.findElement(testID: "guest-name-153")) == Self.xss)
            #expect(try await browser.findElements(css: "main img").isEmpty)
            // The fixture was captured a while ago: its snapshot is older than 3 intervals.
            #expect(try await browser.isDisplayed(try await browser.findElement(testID: "collection-stale")))
            #expect(try await browser.text(of: try await browser.findElement(testID: "cluster-health")).contains("→"))
            let problems = try await Self.problems(browser)
            #expect(problems.isEmpty, "browser console: \(problems)")
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func liveUpdatesMoveTheProgressBarAndTheStreamRecovers() async throws {
        let state = try ConsoleFixtureServer.fixtureState()
        let now = ISO8601DateFormatter().string(from: Date())
        try await Self.withConsole(state) { server, browser in
            try await Self.logIn(browser, server, as: "alice")
            _ = try await browser.waitForElement(testID: "cluster-map")
            func migration(_ state: String, percent: Double) -> JSONValue {
                .object([
                    "cluster": .string("homelab"), "part": .string("migrations.m-test"),
                    "value": .object([
                        "v": .number(1), "id": .string("m-test"), "cluster": .string("homelab"), "vmid": .number(120), "name": .string("jellyfin"),
                        "type": .string("qemu"), "source": .string("pve4"), "target": .string("pve5"), "state": .string(state),
                        "origin": .string("manual"), "dry_run": .bool(false), "created_at": .string(now), "finished_at": .string(now),
                        "progress": .object(["phase": .string("memory"), "percent": .number(percent), "transferred_bytes": .number(1_717_986_918)]),
                    ]),
                ])
            }
            server.push(migration("running", percent: 40))
            let bar = WebDriverSession.testIDSelector("migration-progress-120")
            _ = try await browser.waitUntil("the bar at 40 %") {
                try await browser.attribute("aria-valuenow", of: try await browser.findElement(css: bar)) == "40" ? true : nil
            }
            #expect(try await browser.text(of: try await browser.findElement(testID: "migration-state-120")) == "running")
            server.push(migration("completed", percent: 100))
            try await browser.waitForText(css: WebDriverSession.testIDSelector("migration-state-120")) { $0 == "completed" }

            let banner = try await browser.findElement(testID: "reconnecting-banner")
            #expect(try await browser.isDisplayed(banner) == false)
            server.dropStreams()
            _ = try await browser.waitUntil("the reconnecting banner") { try await browser.isDisplayed(banner) ? true : nil }
            _ = try await browser.waitUntil("the banner gone after reconnecting", timeout: .seconds(15)) {
                try await browser.isDisplayed(banner) ? nil : true
            }
            #expect(server.openStreams == 1)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aViewerSeesNoCommands() async throws {
        try await Self.withConsole { server, browser in
            try await Self.logIn(browser, server, as: "bob", page: "recommendations")
            _ = try await browser.waitForElement(testID: "rec-card-120")
            #expect(try await browser.findElements(css: "[data-testid^=migrate-button-]").isEmpty)
            #expect(try await browser.text(of: try await browser.findElement(testID: "user-name")) == "bob (viewer)")
            try await browser.navigate(to: "\(server.baseURL)/#/overview")
            let toggle = try await browser.waitForElement(testID: "maintenance-toggle-pve3")
            #expect(try await browser.property("disabled", of: toggle) == "true")
            #expect(try await browser.findElements(css: "[data-testid^=migrate-button-]").isEmpty)
            try await browser.navigate(to: "\(server.baseURL)/#/automation")
            _ = try await browser.waitForElement(testID: "automation-enabled")
            #expect(try await browser.findElements(css: "[data-testid=automation-run-now]").isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func migrateSendsThePlanTargetWithTheCSRFToken() async throws {
        try await Self.withConsole { server, browser in
            try await Self.logIn(browser, server, as: "alice", page: "recommendations")
            try await browser.click(try await browser.waitForElement(testID: "migrate-button-120"))
            let confirm = try await browser.waitForElement(testID: "migrate-confirm")
            let target = try await browser.findElement(testID: "migrate-target")
            #expect(try await browser.property("value", of: target) == "pve5")
            try await browser.click(confirm)
            let call = try await browser.waitUntil("the migrate request") {
                server.calls.first { $0.path == "/api/clusters/homelab/executor/request/migrate" }
            }
            #expect(call.body["vmid"] == .number(120))
            #expect(call.body["target"] == .string("pve5"))
            #expect(call.body["dry_run"] == .bool(false))
            #expect(call.csrfToken != nil && call.csrfToken == call.expectedCSRFToken)
            try await browser.waitForNoElement(css: "dialog[open]")
        }
    }
}

extension JSONValue {
    fileprivate subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    fileprivate var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Renames the snapshot's guest `vmid` in every cluster.
    fileprivate mutating func renameGuest(_ vmid: Int, to name: String) {
        guard case .object(var root) = self, case .object(var clusters)? = root["clusters"] else { return }
        for (id, cluster) in clusters {
            guard case .object(var c) = cluster, case .object(var snapshot)? = c["snapshot"], case .array(var guests)? = snapshot["guests"] else {
                continue
            }
            for index in guests.indices {
                if case .object(var guest) = guests[index], guest["vmid"] == .number(Double(vmid)) {
                    guest["name"] = .string(name)
                    guests[index] = .object(guest)
                }
            }
            snapshot["guests"] = .array(guests)
            c["snapshot"] = .object(snapshot)
            clusters[id] = .object(c)
        }
        root["clusters"] = .object(clusters)
        self = .object(root)
    }
}
