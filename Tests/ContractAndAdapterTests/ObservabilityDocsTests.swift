import Contract
import Foundation
import TestSupport
import Testing

/// The README's metric list, the Grafana dashboard and the Prometheus example name exactly the
/// metrics the services expose (their health tests check those exist).
@Suite("Observability documents")
struct ObservabilityDocsTests {
    static func file(_ path: String) throws -> String {
        try String(contentsOf: SimulatorScenarios.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The metric families named in `text` (histogram series names count as their family).
    static func families(in text: String) throws -> Set<String> {
        let names = try Regex(#"proxbalance_[a-z_]+"#)
        return Set(
            text.matches(of: names).map { match in
                let name = String(text[match.range])
                for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) {
                    let family = String(name.dropLast(suffix.count))
                    if DocumentedMetrics.all.contains(family) { return family }
                }
                return name
            })
    }

    @Test("the README's \"Health and metrics\" section lists every metric, and only those")
    func readme() throws {
        let readme = try Self.file("README.md")
        let start = try #require(readme.range(of: "## Health and metrics"))
        let end = try #require(readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex))
        #expect(try Self.families(in: String(readme[start.upperBound..<end.lowerBound])) == DocumentedMetrics.all)
    }

    @Test("the Grafana dashboard is JSON that charts every metric, and only those")
    func dashboard() throws {
        let text = try Self.file("deploy/grafana/proxbalance.json")
        let dashboard = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(dashboard["uid"] as? String == "proxbalance")
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(try Self.families(in: expressions.joined(separator: "\n")) == DocumentedMetrics.all)
    }

    @Test("the Prometheus example scrapes each service on its port, labelled with its name", arguments: ServiceName.allCases)
    func prometheus(service: ServiceName) throws {
        let ports: [ServiceName: Int] = [.collector: 9101, .scoring: 9102, .executor: 9103, .notifier: 9104, .web: 9105]
        let lines = try Self.file("deploy/prometheus/prometheus.yml").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let target = try #require(lines.firstIndex(of: #"- targets: ["\#(service.rawValue):\#(ports[service] ?? 0)"]"#))
        #expect(lines[target + 2] == "service: \(service.rawValue)")
        #expect(lines.contains("metrics_path: /metrics"))
    }
}
