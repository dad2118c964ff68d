import Contract
import Foundation

/// Migration history as CSV (see `CSVTable`).
enum MigrationHistoryCSV {
    static let header = [
        "id", "created_at", "origin", "vmid", "name", "type", "source", "target", "state", "dry_run", "duration_s", "upid",
        "error", "recommendation_id", "predicted_improvement", "requested_by",
    ]

    static func render(_ rows: [MigrationStatus]) -> String {
        let dates = ISO8601DateFormatter()
        return CSVTable.render(
            header: header,
            rows: rows.map { row in
                [
                    row.id, dates.string(from: row.createdAt), row.origin.rawValue, String(row.vmid), row.name ?? "",
                    row.type.rawValue, row.source, row.target, row.state.rawValue, row.dryRun ? "true" : "false",
                    row.durationSeconds.map { String(format: "%.1f", $0) } ?? "", row.upid ?? "", row.error ?? "",
                    row.recommendationId ?? "", row.prediction.map { String(format: "%.1f", $0.scoreImprovement) } ?? "",
                    row.requestedBy ?? "",
                ]
            })
    }
}
