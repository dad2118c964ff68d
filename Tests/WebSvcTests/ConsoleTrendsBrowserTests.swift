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
    /// Records the body of every bus request the page makes, and every file it downloads (name
    /// and blob URL) instead of saving it.
    static let recorder = """
        window.__requests = [];
        window.__downloads = [];
        const original = window.fetch.bind(window);
        window.fetch = (path, options) => {
          if (String(path).includes('/request/')) window.__requests.push({path: String(path), body: options?.body || ''});
          return original(path, options);
        };
        HTMLAnchorElement.prototype.click = function () { window.__downloads.push({name: this.download, href: this.href}); };
        """

    static func requests(_ browser: WebDriverSession) async throws -> [(path: String, body: String)] {
        let value = try await browser.executeScript("return window.__requests || []")
        guard case .array(let items) = value else { return [] }
        return items.compactMap { item in
            guard case .object(let fields) = item, case .string(let path)? = fields["path"], case .string(let body)? = fields["body"] else { return nil }
            return (path, body)
        }
    }

    static func points(_ browser: WebDriverSession, _ chart: String) async throws -> Int {
        let svg = try await browser.findElement(testID: "\(chart)-svg")
        return Int(try await browser.attribute("data-points", of: svg) ?? "") ?? 0
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

            // The first node is chosen; the answer is drawn (retried by choosing again while
            // scoring's history is still empty).
            let subject = try await browser.waitForElement(testID: "trends-subject")
            #expect(try await browser.property("value", of: subject) == "node:\(node)")
            _ = try await browser.waitUntil("the first node's chart with points", timeout: .seconds(60)) { () -> Bool? in
                if try await browser.findElements(css: WebDriverSession.testIDSelector("trends-metric-chart-svg")).isEmpty {
                    if !(try await browser.findElements(css: WebDriverSession.testIDSelector("trends-empty")).isEmpty) {
                        let other = try await Self.shownWindow(browser) == "1h" ? "24h" : "1h"
                        try await browser.click(try await browser.findElement(css: "\(WebDriverSession.testIDSelector("trends-window")) option[value='\(other)']"))
                    }
                    return nil
                }
                return try await Self.points(browser, "trends-metric-chart") > 0 ? true : nil
            }
            let line = try await browser.findElement(testID: "trends-metric-chart-line-cpu_pct")
            let path = try await browser.attribute("d", of: line) ?? ""
            #expect(path.hasPrefix("M") && path.contains(","), "\(path)")
            _ = try await browser.findElement(testID: "trends-metric-chart-band")
            _ = try await browser.findElement(testID: "trends-metric-chart-threshold")
            let title = try await browser.executeScript(
                "return document.querySelector('[data-testid=trends-metric-chart-svg] title')?.textContent || ''")
            #expect(title == .string("\(node): CPU, last \((try await Self.shownWindow(browser)))"), "\(title)")
            let evidence = try await browser.text(of: try await browser.findElement(testID: "trends-evidence"))
            #expect(evidence.contains("sample") && evidence.contains("a point per 1 min"), "\(evidence)")
            #expect(try await Self.requests(browser).contains { $0.path.hasSuffix("/scoring/request/history") && $0.body.contains("\"node\":\"\(node)\"") })

            // The window switch asks scoring again, for 6 h.
            try await browser.click(try await browser.findElement(css: "\(WebDriverSession.testIDSelector("trends-window")) option[value='6h']"))
            _ = try await browser.waitUntil("the 6h series drawn", timeout: .seconds(20)) {
                try await Self.shownWindow(browser) == "6h" ? true : nil
            }
            let asked = try await Self.requests(browser).filter { $0.path.hasSuffix("/scoring/request/history") }
            #expect(asked.last?.body.contains("\"window\":\"6h\"") == true, "\(asked)")
            #expect(try await Self.requests(browser).contains { $0.path.hasSuffix("/scoring/request/score_history") && $0.body.contains("\"window\":\"6h\"") })

            // Download CSV: scoring's CSV, asked with format csv.
            try await browser.click(testID: "trends-csv")
            let csv = try await browser.waitUntil("the CSV downloaded", timeout: .seconds(20)) { () -> String? in
                let text = try await browser.executeAsyncScript(
                    """
                    const done = arguments[0];
                    const file = (window.__downloads || [])[0];
                    if (!file) { done(null); return; }
                    fetch(file.href).then(r => r.text()).then(t => done(file.name + '\\n' + t), e => done(String(e)));
                    """)
                if case .string(let value) = text { return value }
                return nil
            }
            #expect(csv.hasPrefix("history-homelab-\(node)-6h.csv\nat,samples,cpu_pct_min,cpu_pct_max,cpu_pct_avg,cpu_pct_p95"), "\(csv.prefix(200))")
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
            let subject = WebDriverSession.testIDSelector("trends-subject")
            try await browser.click(try await browser.waitForElement(css: "\(subject) option[value='guest:153']", timeout: .seconds(20)))
            let metrics = try await browser.executeScript(
                "return [...document.querySelectorAll('[data-testid=trends-metric] option')].map(o => o.value).join(',')")
            #expect(metrics == .string("cpu,memory"))
            _ = try await browser.waitForElement(css: "\(WebDriverSession.testIDSelector("trends-metric-panel"))[data-window='24h']", timeout: .seconds(20))

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
        try await browser.attribute("data-window", of: try await browser.findElement(testID: "trends-metric-panel")) ?? ""
    }
}
