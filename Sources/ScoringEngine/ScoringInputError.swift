/// A snapshot value the scorer cannot work with.
public enum ScoringInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node lacks a metric the score needs (e.g. an offline node has no `cpu_pct`).
    case missingMetric(node: String, field: String)
    /// The metric is present but not usable (negative, zero where a divisor, not finite).
    case invalidMetric(node: String, field: String, value: String)

    public var description: String {
        switch self {
        case .missingMetric(let node, let field): "node \(node): \(field) is missing"
        case .invalidMetric(let node, let field, let value): "node \(node): \(field) is invalid (\(value))"
        }
    }
}
