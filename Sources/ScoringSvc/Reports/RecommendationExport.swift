import Contract
import Foundation

/// The plan's moves as CSV, one row per move in execution order (RFC 4180: CRLF line ends,
/// fields with a comma, quote or line break quoted, quotes doubled). Pure.
public enum RecommendationExport {
    /// The header line's columns.
    public static let columns = [
        "step", "vmid", "name", "type", "source", "target", "kind", "urgency", "score_improvement", "confidence",
        "risk_level", "command", "summary",
    ]

    /// The header and one line per recommendation.
    public static func csv(_ recommendations: [Recommendation]) -> String {
        CSVTable.render(header: columns, rows: recommendations.map(row))
    }

    private static func row(_ move: Recommendation) -> [String] {
        [
            String(move.step), String(move.vmid), move.name ?? "", move.type.rawValue, move.source, move.target,
            move.kind.rawValue, move.urgency.rawValue, decimal(move.scoreImprovement), decimal(move.confidence),
            move.risk.level, move.command, move.reason.summary,
        ]
    }

    private static func decimal(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
