/// A Prometheus text exposition (format 0.0.4), parsed strictly enough to catch what a scraper
/// would refuse: every sample belongs to a family declared by a `# TYPE` line before it, names
/// and label names are valid, label values are quoted and escaped, values are numbers, and a
/// histogram has its `+Inf` bucket, `_sum` and `_count`.
public struct PrometheusText: Sendable {
    /// One sample line.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    /// Metric family name → type (`counter`, `gauge`, `histogram`, …).
    public private(set) var types: [String: String] = [:]
    public private(set) var samples: [Sample] = []

    /// Parses `text`.
    /// - Throws: `TestFailure` naming the first line that is not valid exposition.
    public init(_ text: String) throws {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                try read(String(line))
            } catch let failure as TestFailure {
                throw TestFailure("line \(number + 1) '\(line)': \(failure.description)")
            }
        }
        for (family, type) in types where type == "histogram" {
            let buckets = samples.filter { $0.name == family + "_bucket" }
            guard buckets.isEmpty || buckets.contains(where: { $0.labels["le"] == "+Inf" }) else {
                throw TestFailure("histogram \(family) has no +Inf bucket")
            }
            guard !buckets.isEmpty, samples.contains(where: { $0.name == family + "_sum" }), samples.contains(where: { $0.name == family + "_count" })
            else { throw TestFailure("histogram \(family) lacks buckets, _sum or _count") }
        }
    }

    /// The metric families declared.
    public var families: Set<String> { Set(types.keys) }

    /// The value of the sample `name` whose labels include `labels`, or `nil` when there is none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    private mutating func read(_ line: String) throws {
        if line.hasPrefix("#") {
            let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
            guard words.count >= 2, ["TYPE", "HELP"].contains(words[1]) else { return }  // a plain comment
            guard words.count >= 3, Self.isMetricName(words[2]) else { throw TestFailure("bad metric name") }
            if words[1] == "TYPE" {
                guard words.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3]) else {
                    throw TestFailure("bad type")
                }
                guard types[String(words[2])] == nil else { throw TestFailure("second TYPE line for the family") }
                types[String(words[2])] = String(words[3])
            }
            return
        }
        var rest = Substring(line)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard Self.isMetricName(name) else { throw TestFailure("bad metric name") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let label = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard let first = label.first, !first.isNumber, rest.dropFirst(label.count).hasPrefix("=\"") else {
                    throw TestFailure("bad label")
                }
                rest = rest.dropFirst(label.count + 2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    guard character == "\\" else {
                        value.append(character)
                        continue
                    }
                    switch rest.first {
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    case "n": value.append("\n")
                    default: throw TestFailure("bad escape in a label value")
                    }
                    rest = rest.dropFirst()
                }
                guard rest.first == "\"" else { throw TestFailure("unterminated label value") }
                rest = rest.dropFirst()
                guard labels.updateValue(value, forKey: String(label)) == nil else { throw TestFailure("label \(label) twice") }
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw TestFailure("expected , or }") }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard rest.first == " ", (1...2).contains(fields.count), let value = Self.number(fields[0]) else { throw TestFailure("bad value") }
        guard let family = family(of: String(name)) else { throw TestFailure("no TYPE line before the sample") }
        if types[family] == "histogram", name.hasSuffix("_bucket"), labels["le"] == nil { throw TestFailure("bucket without le") }
        samples.append(Sample(name: String(name), labels: labels, value: value))
    }

    /// The declared family a sample name belongs to (`x_bucket`, `x_sum`, `x_count` → `x`).
    private func family(of name: String) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if ["histogram", "summary"].contains(types[base]) { return base }
        }
        return nil
    }

    private static func isMetricName(_ name: Substring) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }

    private static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }
}
