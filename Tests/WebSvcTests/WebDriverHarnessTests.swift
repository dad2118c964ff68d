import Contract
import Foundation
import TestSupport
import Testing

/// The real-browser harness itself: headless Chromium driven over WebDriver against a page
/// served by a tiny Hummingbird server, with the console's Content-Security-Policy and its
/// `web/js/dom.js` loaded as a module.
@Suite(.serialized, .enabled(if: ChromeDriver.isAvailable, "needs Debian's chromium and chromium-driver (scripts/setup.sh)"))
struct WebDriverHarnessTests {
    static let xss = "<img src=x onerror=alert(1)>"

    static let page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>harness</title><link rel="icon" href="data:,">
        <script type="module" src="/harness.js"></script></head>
        <body>
          <label for="name">Name</label> <input id="name" data-testid="name-input">
          <button type="button" data-testid="greet">Greet</button>
          <p data-testid="greeting"></p>
          <div data-testid="rendered"></div>
        </body>
        </html>
        """

    /// Uses the console's own helpers: the guest name arrives as data and must stay text.
    static let script = """
        import { el, append, setText } from '/js/dom.js';
        const guest = { vmid: 153, name: \(jsonString(xss)) };
        append(document.querySelector('[data-testid="rendered"]'),
          el('span', { testid: 'guest-name', class: 'name' }, guest.name),
          el('span', { testid: 'guest-title', title: guest.name, text: guest.name }));
        let refused = false;
        try { el('div', { onclick: 'alert(1)' }); } catch { refused = true; }
        window.domRefusesHandlers = refused;
        document.querySelector('[data-testid="greet"]').addEventListener('click', () => {
          setText(document.querySelector('[data-testid="greeting"]'), 'Hello, ' + document.getElementById('name').value);
        });
        document.body.dataset.ready = 'yes';
        """

    /// The harness page (with the console's dom.js) on a test server, and a browser driver.
    static func start() async throws -> (StaticTestServer, ChromeDriver) {
        let server = try await StaticTestServer.start(files: [
            "/": .init(html: page),
            "/harness.js": .init(javascript: script),
            "/js/dom.js": try .init(file: StaticTestServer.webRoot.appendingPathComponent("js/dom.js")),
        ])
        return (server, try await ChromeDriver.start())
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    @Test(.timeLimit(.minutes(2)))
    func findTypeClickAndReadText() async throws {
        let (server, driver) = try await Self.start()
        defer { driver.stop() }
        do {
            let browser = try await driver.newSession()
            try await browser.navigate(to: server.baseURL + "/")
            _ = try await browser.waitForElement(css: "body[data-ready=yes]")

            let input = try await browser.findElement(testID: "name-input")
            try await browser.sendKeys("ProxBalance", to: input)
            try await browser.click(try await browser.findElement(testID: "greet"))
            let greeting = try await browser.waitForText(css: "[data-testid=greeting]") { $0 == "Hello, ProxBalance" }
            #expect(greeting == "Hello, ProxBalance")
            #expect(try await browser.property("value", of: input) == "ProxBalance")
            #expect(try await browser.attribute("data-testid", of: input) == "name-input")

            let png = try await browser.screenshot()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))

            let missing = await #expect(throws: WebDriverError.self) { try await browser.findElement(testID: "no-such-thing") }
            #expect(missing?.isNoSuchElement == true)
            await #expect(throws: WebDriverError.self) {
                try await browser.waitForElement(testID: "never-there", timeout: .milliseconds(300))
            }
            try await browser.quit()
        } catch {
            Issue.record("driver log: \(driver.log.suffix(1500))")
            throw error
        }
        await server.stop()
    }

    @Test(.timeLimit(.minutes(2)))
    func domHelpersRenderMarkupAsText() async throws {
        let (server, driver) = try await Self.start()
        defer { driver.stop() }
        let browser = try await driver.newSession()
        try await browser.navigate(to: server.baseURL + "/")
        _ = try await browser.waitForElement(css: "body[data-ready=yes]")

        let name = try await browser.findElement(testID: "guest-name")
        #expect(try await browser.text(of: name) == Self.xss)
        #expect(try await browser.attribute("title", of: try await browser.findElement(testID: "guest-title")) == Self.xss)
        #expect(try await browser.findElements(css: "[data-testid=rendered] img").isEmpty)
        #expect(try await browser.findElements(css: "img").isEmpty)
        // No alert opened (a later command would fail with "unexpected alert open").
        #expect(try await browser.executeScript("return document.querySelector('[data-testid=rendered]').children.length") == .number(2))
        #expect(try await browser.executeScript("return window.domRefusesHandlers") == .bool(true))
        let problems = try await browser.browserLog().filter { $0.hasPrefix("SEVERE") }
        #expect(problems.isEmpty, "browser console: \(problems)")
        try await browser.quit()
        await server.stop()
    }
}
