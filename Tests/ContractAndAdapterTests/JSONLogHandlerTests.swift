import Foundation
import Logging
import ServiceRuntime
import Synchronization
import Testing

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    /// The lines a handler wrote.
    final class Capture: Sendable {
        private let lines = Mutex<[Data]>([])

        var output: @Sendable (Data) -> Void { { line in self.lines.withLock { $0.append(line) } } }
        var all: [Data] { lines.withLock { $0 } }

        /// The only line written, parsed.
        func object() throws -> [String: Any] {
            let line = try #require(all.count == 1 ? all.first : nil, "\(all.count) lines written")
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(line.dropLast().firstIndex(of: UInt8(ascii: "\n")) == nil, "one line only")
            return try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        }
    }

    private func logger(
        _ capture: Capture, label: String = "collector", metadataProvider: Logger.MetadataProvider? = nil
    ) -> Logger {
        Logger(label: label) { label in JSONLogHandler(label: label, metadataProvider: metadataProvider, output: capture.output) }
    }

    @Test("a line has time, level, service, message, the metadata, source and file, in that order")
    func fields() throws {
        let capture = Capture()
        logger(capture).warning("collection failed", metadata: ["vmid": "116", "retry_in": .stringConvertible(2.5)])
        let text = String(decoding: try #require(capture.all.first), as: UTF8.self)
        #expect(text.hasPrefix(#"{"time":""#))
        #expect(text.contains(#""level":"warning","service":"collector","message":"collection failed","retry_in":"2.5","vmid":"116","source":""#))
        let object = try capture.object()
        #expect(object["level"] as? String == "warning")
        #expect(object["service"] as? String == "collector")
        #expect(object["message"] as? String == "collection failed")
        #expect(object["vmid"] as? String == "116")
        #expect(object["source"] as? String == "ContractAndAdapterTests")
        #expect((object["file"] as? String)?.hasPrefix("ContractAndAdapterTests/JSONLogHandlerTests.swift:") == true)
        #expect(object["cluster"] == nil)
    }

    @Test("time is UTC ISO 8601 with milliseconds")
    func time() throws {
        let capture = Capture()
        logger(capture).info("tick")
        let time = try #require(try capture.object()["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(time)")
        let parsed = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time)
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }

    @Test(
        "any message is one valid JSON line that parses back to it",
        arguments: [
            #"say "hi""#, #"C:\path\n"#, "two\nlines\r\n", "tab\tand\u{0}nul\u{1B}[31mescape\u{7F}", "line\u{2028}separator",
            "ünïcödé 🚀 名前", String(decoding: [0x61, 0xFF, 0xFE, 0xC3, 0x62], as: UTF8.self), "",
        ])
    func escaping(message: String) throws {
        let capture = Capture()
        logger(capture).info("\(message)", metadata: ["payload": "\(message)", message: "key"])
        let line = try #require(capture.all.first)
        #expect(String(data: line, encoding: .utf8) != nil, "valid UTF-8")
        let object = try capture.object()
        #expect(object["message"] as? String == message)
        #expect(object["payload"] as? String == message)
    }

    @Test("nested metadata stays nested: dictionaries as objects, lists as arrays")
    func nested() throws {
        let capture = Capture()
        logger(capture).info(
            "plan", metadata: ["plan": ["moves": ["116", "117"], "source": ["node": "pve1", "cpu": .stringConvertible(91)]]])
        let plan = try #require(try capture.object()["plan"] as? [String: Any])
        #expect(plan["moves"] as? [String] == ["116", "117"])
        let source = try #require(plan["source"] as? [String: Any])
        #expect(source["node"] as? String == "pve1")
        #expect(source["cpu"] as? String == "91")
    }

    @Test("metadata named like a field is written as metadata.<key>; cluster metadata is the cluster field")
    func reservedNames() throws {
        let capture = Capture()
        var logger = logger(capture)
        logger[metadataKey: "cluster"] = "configured"
        logger.info("hello", metadata: ["level": "custom", "message": "other", "time": "then", "cluster": "lab"])
        let object = try capture.object()
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "hello")
        #expect(object["metadata.level"] as? String == "custom")
        #expect(object["metadata.message"] as? String == "other")
        #expect(object["metadata.time"] as? String == "then")
        #expect(object["cluster"] as? String == "lab")
        #expect(object["metadata.cluster"] == nil)
    }

    @Test("the logger's metadata, then the provider's, then the call's: the later wins")
    func precedence() throws {
        let capture = Capture()
        let provider = Logger.MetadataProvider { ["from": "provider", "task": "collect"] }
        var logger = logger(capture, metadataProvider: provider)
        logger[metadataKey: "from"] = "logger"
        logger[metadataKey: "cluster"] = "lab"
        logger.info("one", metadata: ["from": "call"])
        logger.info("two")
        let lines = try capture.all.map { try #require(try JSONSerialization.jsonObject(with: $0) as? [String: Any]) }
        #expect(lines.map { $0["from"] as? String } == ["call", "provider"])
        #expect(lines.allSatisfy { $0["task"] as? String == "collect" && $0["cluster"] as? String == "lab" })
    }

    @Test("levels below the logger's level are not written; an error adds error.message and error.type")
    func levelsAndErrors() throws {
        struct Refused: Error, CustomStringConvertible {
            var description: String { "refused \"now\"" }
        }
        let capture = Capture()
        var logger = logger(capture)
        logger.logLevel = .notice
        logger.info("hidden")
        logger.error("failed", error: Refused())
        let object = try capture.object()
        #expect(object["level"] as? String == "error")
        #expect(object["error.message"] as? String == "refused \"now\"")
        #expect((object["error.type"] as? String)?.hasSuffix("Refused") == true)
    }
}
