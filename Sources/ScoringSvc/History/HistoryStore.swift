import Foundation
import SQLite

/// Scoring's own per-node load history in SQLite (table `node_samples`), kept for a few days
/// so trends do not depend on what the collector's RRD windows show.
public struct HistoryStore: Sendable {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Stores `samples`; a sample for a node and time already stored is kept as it was (a
    /// retained snapshot delivered again adds nothing).
    public func record(_ samples: [NodeSample]) async throws {
        guard !samples.isEmpty else { return }
        try await database.write { database in
            let insert = try database.prepare(
                "INSERT OR IGNORE INTO node_samples (node, at, cpu_pct, memory_pct, iowait_pct) VALUES (?, ?, ?, ?, ?)")
            for sample in samples {
                try insert.execute([
                    .text(sample.node), .real(sample.at.timeIntervalSince1970), .real(sample.cpuPct),
                    sample.memoryPct.map(SQLiteValue.real) ?? .null, sample.iowaitPct.map(SQLiteValue.real) ?? .null,
                ])
            }
        }
    }

    /// Deletes samples taken before `cutoff`; returns how many.
    @discardableResult
    public func prune(before cutoff: Date) async throws -> Int {
        try await database.write { database in
            try database.execute("DELETE FROM node_samples WHERE at < ?", .real(cutoff.timeIntervalSince1970))
            return database.changes
        }
    }

    /// Replaces the samples taken before `cutoff` by one per node and hour: their average, at the
    /// start of the hour (`HistoryCompaction`). Hours already compacted stay as they are.
    public func compact(before cutoff: Date) async throws {
        try await database.write { database in
            try database.transaction {
                let bucket = "CAST(at / 3600 AS INTEGER) * 3600.0"
                try database.execute(
                    """
                    INSERT OR REPLACE INTO node_samples (node, at, cpu_pct, memory_pct, iowait_pct)
                    SELECT node, \(bucket), AVG(cpu_pct), AVG(memory_pct), AVG(iowait_pct) FROM node_samples
                    WHERE at < ? GROUP BY node, \(bucket) HAVING COUNT(*) > 1 OR MIN(at) != \(bucket)
                    """, .real(cutoff.timeIntervalSince1970))
                try database.execute(
                    "DELETE FROM node_samples WHERE at < ? AND at != \(bucket)", .real(cutoff.timeIntervalSince1970))
            }
        }
    }

    /// Every sample taken at or after `start`, by node, oldest first.
    public func samples(since start: Date) async throws -> [String: [NodeSample]] {
        let rows = try await database.read { database in
            try database.query(
                "SELECT node, at, cpu_pct, memory_pct, iowait_pct FROM node_samples WHERE at >= ? ORDER BY node, at",
                [.real(start.timeIntervalSince1970)])
        }
        var byNode: [String: [NodeSample]] = [:]
        for row in rows {
            guard let node = row.string("node"), let at = row.double("at"), let cpu = row.double("cpu_pct") else { continue }
            byNode[node, default: []].append(
                NodeSample(
                    node: node, at: Date(timeIntervalSince1970: at), cpuPct: cpu, memoryPct: row.double("memory_pct"),
                    iowaitPct: row.double("iowait_pct")))
        }
        return byNode
    }
}
