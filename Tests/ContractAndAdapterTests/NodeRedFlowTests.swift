import Foundation
import Testing

/// The Node-RED example flow uses only topics the contract documents.
@Suite("Node-RED example flow")
struct NodeRedFlowTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The topics of the "## Topics" table of docs/mqtt-api.md, as level patterns: `{b}` is two
    /// levels, `<…>` and `+` one level each.
    static func documentedPatterns() throws -> [[String]] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/mqtt-api.md"), encoding: .utf8)
        guard let start = text.range(of: "## Topics\n"), let end = text.range(of: "\n## ", range: start.upperBound..<text.endIndex) else {
            throw NodeRedFlowError("no Topics section in docs/mqtt-api.md")
        }
        var patterns: [[String]] = []
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            for piece in cell.split(separator: "`").enumerated() where piece.offset % 2 == 0 && !piece.element.isEmpty {
                patterns.append(levels(String(piece.element)))
            }
        }
        return patterns
    }

    static func levels(_ pattern: String) -> [String] {
        pattern.replacingOccurrences(of: "{b}", with: "<base>/<cluster>").split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    static func matches(_ topic: String, _ pattern: [String]) -> Bool {
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return levels.count == pattern.count
            && zip(levels, pattern).allSatisfy { level, expected in
                level == expected || expected.hasPrefix("<") || expected == "+" || (level == "+" && expected.hasPrefix("<"))
            }
    }

    @Test("every MQTT topic of docs/node-red/proxbalance-flow.json is a documented topic")
    func flowTopics() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("docs/node-red/proxbalance-flow.json"))
        let nodes = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let mqtt = nodes.filter { ["mqtt in", "mqtt out"].contains($0["type"] as? String) }
        #expect(mqtt.count >= 4)
        #expect(
            Set(mqtt.compactMap { $0["broker"] as? String })
                == Set(nodes.filter { $0["type"] as? String == "mqtt-broker" }.compactMap { $0["id"] as? String }))
        let patterns = try Self.documentedPatterns()
        #expect(patterns.count > 10)
        for node in mqtt {
            let topic = try #require(node["topic"] as? String, "\(node["name"] ?? "?") has no topic")
            #expect(patterns.contains { Self.matches(topic, $0) }, "\(topic) is not a topic of docs/mqtt-api.md")
        }
        // The flow only sends requests, never state: what it publishes is a request topic.
        for node in mqtt where node["type"] as? String == "mqtt out" {
            #expect((node["topic"] as? String)?.contains("/request/") == true)
        }
        // An undocumented topic is caught.
        #expect(!patterns.contains { Self.matches("proxbalance/homelab/executor/migrate", $0) })
    }
}

struct NodeRedFlowError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
