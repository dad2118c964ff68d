import Contract
import Foundation
import StackSupport
import TestSupport
import Testing

/// The Trends page in a real browser against the real system: scoring's `history` and
/// `score_history` drawn as SVG after a few collection cycles, asked again when the window
/// changes, downloaded as CSV; a viewer may read them.
@Suite(
    "Console trends in a browser", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: MosquittoBroker.isAvailable && ChromeDriver.isAvailable, "needs mosquitto, chromium and chromium-driver"))
struct ConsoleTrendsBrowserTests {
    /// Records the body of every bus request the page makes, and every file it downloads (name,
    /// blob URL and the blob) instead of saving it.
    static let recorder = """
        window.__requests = [];
        window.__downloads = [];
        const original = window.fetch.bind(window);
        window.fetch = (path, options) => {
          if (String(path).includes('/request/')) window.__requests.push({path: String(path), body: options?.body || ''});
          return original(path, options);
        };
        window.__blobs = {};
        const createURL = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (blob) => { const url = createURL(blob); window.__blobs[url] = blob; return url; };
        HTMLAnchorElement.prototype.click = function () { window.__downloads.push({name: this.download, href: this.href}); };
        """

    static func requests(_ browser: WebDriverSession) async throws -> [(path: String, body: String)] {
        let value = try await browser.executeScript("return window.__requests || []")
        guard case .array(let items) = value else { return [] }
        return items.compactMap { item in
            guard case .object(let fields) = item, case .string(let path)? = fields["path"], case .string(let body)? = fields["body"] else {
                return nil
            }
            return (path, body)
        }
    }

    /// The value of a JavaScript expression as text (`nil` when null or undefined): read in one
    /// step, so a re-render between finding and reading cannot leave a stale element.
    static func read(_ browser: WebDriverSession, _ expression: String) async throws -> String? {
        switch try await browser.executeScript("const v = \(expression); return v === null || v === undefined ? null : String(v)") {
        case .string(let text): text
        default: nil
        }
    }

    /// Picks `value` in the select `testID` with a click on its option, as a user does; tried
    /// again if the page re-rendered between finding and clicking.
    static func choose(_ browser: WebDriverSession, _ testID: String, _ value: String) async throws {
        _ = try await browser.waitUntil("\(value) chosen in \(testID)") { () -> Bool? in
            try await browser.click(try await browser.findElement(css: "\(WebDriverSession.testIDSelector(testID)) option[value='\(value)']"))
            return true
        }
    }

    @Test("a viewer opens the first node's CPU chart: a line with points in its band, the threshold, the evidence; 6h asks again; CSV downloads")
    func nodeChart() async throws {
        try await ConsoleBrowserTests.withBrowser(executor: false) { stack, browser in
            // A few collection cycles (every 2 s): scoring has planned and stored samples.
            let view = try await ConsoleBrowserTests.cluster(stack) { !ConsoleBrowserTests.recommendations($0).isEmpty }
            let nodes = ((view["snapshot"] as? [String: Any])?["nodes"] as? [[String: Any]]) ?? []
            let node = try #require(nodes.first?["name"] as? String)
            try await ConsoleBrowserTests.logIn(browser, stack, as: "victor")
            _ = try await browser.executeScript(Self.recorder)
            try await browser.click(testID: "nav-trends")

            // The first node is chosen; the answer is drawn (asked again by choosing another
            // window while scoring's history is still empty).
            let chosen = try await browser.waitUntil("a node chosen") {
                try await Self.read(browser, "document.querySelector('[data-testid=trends-subject]')?.value")
            }
            #expect(chosen == "node:\(node)")
            _ = try await browser.waitUntil("the first node's chart with points", timeout: .seconds(60)) { () -> Bool? in
                let points =
                    Int(try await Self.read(browser, "document.querySelector('[data-testid=trends-metric-chart-svg]')?.dataset.points") ?? "") ?? 0
                if points > 0 { return true }
                if try await Self.read(browser, "document.querySelector('[data-testid=trends-empty]')?.textContent") != nil {
                    try await Self.choose(browser, "trends-window", try await Self.shownWindow(browser) == "1h" ? "24h" : "1h")
                }
                return nil
            }
            let path =
                try await Self.read(browser, "document.querySelector('[data-testid=trends-metric-chart-line-cpu_pct]')?.getAttribute('d')") ?? ""
            #expect(path.hasPrefix("M") && path.contains(","), "\(path)")
            #expect(try await Self.read(browser, "document.querySelector('[data-testid=trends-metric-chart-band]')?.getAttribute('d')") != nil)
            #expect(try await Self.read(browser, "document.querySelector('[data-testid=trends-metric-chart-threshold]')?.getAttribute('y1')") != nil)
            let title = try await Self.read(browser, "document.querySelector('[data-testid=trends-metric-chart-svg] title')?.textContent")
            #expect(title == "\(node): CPU, last \(try await Self.shownWindow(browser))", "\(title ?? "none")")
            let evidence = try await Self.read(browser, "document.querySelector('[data-testid=trends-evidence]')?.textContent") ?? ""
            #expect(evidence.contains(" sample") && evidence.contains("a point per 1 "), "\(evidence)")
            #expect(
                try await Self.requests(browser).contains {
                    $0.path.hasSuffix("/scoring/request/history") && $0.body.contains("\"node\":\"\(node)\"")
                })

            // The window switch asks scoring again, for 6 h.
            try await Self.choose(browser, "trends-window", "6h")
            _ = try await browser.waitUntil("the 6h series drawn", timeout: .seconds(20)) {
                try await Self.shownWindow(browser) == "6h" ? true : nil
            }
            let asked = try await Self.requests(browser).filter { $0.path.hasSuffix("/scoring/request/history") }
            #expect(asked.last?.body.contains("\"window\":\"6h\"") == true, "\(asked)")
            #expect(
                try await Self.requests(browser).contains {
                    $0.path.hasSuffix("/scoring/request/score_history") && $0.body.contains("\"window\":\"6h\"")
                })

            // Download CSV: scoring's CSV, asked with format csv.
            _ = try await browser.waitUntil("the CSV button clicked") { () -> Bool? in
                try await browser.click(try await browser.findElement(testID: "trends-csv"))
                return true
            }
            let csv = try await browser.waitUntil("the CSV downloaded", timeout: .seconds(20)) { () -> String? in
                let text = try await browser.executeAsyncScript(
                    """
                    const done = arguments[0];
                    const file = (window.__downloads || [])[0];
                    if (!file) { done(null); return; }
                    window.__blobs[file.href].text().then(t => done(file.name + '\\n' + t), e => done(String(e)));
                    """)
                if case .string(let value) = text { return value }
                return nil
            }
            #expect(
                csv.hasPrefix("history-homelab-\(node)-6h.csv\nat,samples,backfilled,cpu_pct_min,cpu_pct_max,cpu_pct_avg,cpu_pct_p95"),
                "\(csv.prefix(200))")
            #expect(try await Self.requests(browser).contains { $0.body.contains("\"format\":\"csv\"") })

            // The score history of the node is drawn too once scoring has planned.
            _ = try await browser.waitUntil("the node's score chart", timeout: .seconds(30)) {
                try await browser.findElements(css: WebDriverSession.testIDSelector("trends-score-chart-line-score_before")).isEmpty ? nil : true
            }
        }
    }

    @Test("a guest with IO wait offered no more; an unknown node's refusal is shown, never a blank chart")
    func guestAndError() async throws {
        try await ConsoleBrowserTests.withBrowser(executor: false) { stack, browser in
            _ = try await ConsoleBrowserTests.cluster(stack) { !ConsoleBrowserTests.recommendations($0).isEmpty }
            try await ConsoleBrowserTests.logIn(browser, stack, as: "alice", page: "trends")
            _ = try await browser.waitForElement(testID: "trends-subject", timeout: .seconds(20))
            try await Self.choose(browser, "trends-subject", "guest:153")
            // The page re-renders for the guest: its metrics are CPU and memory only.
            let metrics: String = try await browser.waitUntil("the guest's metrics", timeout: .seconds(20)) {
                let options = try await Self.read(
                    browser, "[...document.querySelectorAll('[data-testid=trends-metric] option')].map(o => o.value).join(',')")
                guard let options, !options.contains("iowait") else { return nil }
                return options
            }
            #expect(metrics == "cpu,memory")
            _ = try await browser.waitForElement(
                css: "\(WebDriverSession.testIDSelector("trends-metric-panel"))[data-window='24h']", timeout: .seconds(20))

            // A node scoring does not know: its not_found is shown as the error.
            _ = try await browser.executeScript(
                """
                const select = document.querySelector('[data-testid=trends-subject]');
                select.append(new Option('ghost', 'node:ghost'));
                select.value = 'node:ghost';
                select.dispatchEvent(new Event('change'));
                """)
            let error = try await browser.waitForText(css: WebDriverSession.testIDSelector("trends-error"), timeout: .seconds(20)) { !$0.isEmpty }
            #expect(error.contains("ghost"), "\(error)")
            #expect(try await browser.findElements(css: WebDriverSession.testIDSelector("trends-metric-chart")).isEmpty)
        }
    }

    /// The window of the series on the page ("" while asking).
    static func shownWindow(_ browser: WebDriverSession) async throws -> String {
        try await read(browser, "document.querySelector('[data-testid=trends-metric-panel]')?.dataset.window") ?? ""
    }
}
