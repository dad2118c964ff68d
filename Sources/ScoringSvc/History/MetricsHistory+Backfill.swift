import Foundation
import SQLite

extension MetricsHistory {
    /// What the history holds of one series before a backfill.
    public struct BackfillState: Sendable, Equatable {
        /// The first real (measured, not backfilled) sample, if any.
        public var firstReal: Date?
        /// Whether backfilled rollups are stored already.
        public var backfilled: Bool

        public init(firstReal: Date?, backfilled: Bool) {
            self.firstReal = firstReal
            self.backfilled = backfilled
        }
    }

    /// The first real sample of `subject`'s series and whether it has backfilled rollups.
    public func backfillState(_ subject: Subject) async throws -> BackfillState {
        let kind = subject.kind
        return try await database.read { database in
            guard let series = try Self.seriesID(subject, in: database) else { return BackfillState(firstReal: nil, backfilled: false) }
            let rawTables = kind == .guest ? [kind.rawTable, "guest_recent"] : [kind.rawTable]
            let firsts =
                try rawTables.compactMap { table in
                    try database.query("SELECT MIN(ts) AS ts FROM \(table) WHERE series = ?", [.integer(series)]).first?.int("ts")
                }
                + (try database.query(
                    "SELECT MIN(ts) AS ts FROM \(kind.rollupTable) WHERE series = ? AND backfilled < samples", [.integer(series)]
                ).first?.int("ts").map { [$0] } ?? [])
            let backfilled =
                try database.query("SELECT 1 AS found FROM \(kind.rollupTable) WHERE series = ? AND backfilled > 0 LIMIT 1", [.integer(series)])
                .first != nil
            return BackfillState(firstReal: firsts.min().map { Date(timeIntervalSince1970: Double($0)) }, backfilled: backfilled)
        }
    }

    /// Stores the RRD `series` of `subject` as backfilled hourly and 6-hourly rollups, in one
    /// transaction: only buckets within the tiers' retention that end before the series' first
    /// real sample and hold no rollup yet, so real history is never overwritten and a repeated
    /// backfill adds nothing. Returns the rollups written.
    @discardableResult
    public func backfill(_ subject: Subject, from rrd: [HistoryBackfill.Series], now: Date, tiers: HistoryTiers) async throws -> Int {
        let kind = subject.kind
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let parts = rrd.map { HistoryBackfill.parts(kind, $0) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return 0 }
        let firstReal = try await backfillState(subject).firstReal.map { Int64($0.timeIntervalSince1970.rounded(.down)) } ?? seconds
        return try await database.write { database in
            try database.transaction {
                let series: Int64
                switch subject {
                case .node(let name):
                    guard let id = try Self.nodeIDs([name], in: database)[name] else { return 0 }
                    series = id
                case .guest(let vmid): series = Int64(vmid)
                }
                let exists = try database.prepare("SELECT 1 AS found FROM \(kind.rollupTable) WHERE tier = ? AND series = ? AND ts = ?")
                var written = 0
                for tier in RollupTier.allCases {
                    let from = tier == .hourly ? tiers.hourlyCutoff(seconds) : tiers.sixHourlyCutoff(seconds)
                    for part in HistoryBackfill.rollups(parts, tier: tier, metrics: kind.metrics.count, from: from, before: firstReal) {
                        guard try exists.query([.integer(tier.rawValue), .integer(series), .integer(part.ts)]).first == nil else { continue }
                        try Self.writeRollup(kind, tier: tier, series: series, part, in: database)
                        written += 1
                    }
                }
                return written
            }
        }
    }

    /// The series id of `subject`: a node's id in `history_nodes` (`nil` when unknown), a guest's vmid.
    static func seriesID(_ subject: Subject, in database: SQLiteDatabase) throws -> Int64? {
        switch subject {
        case .node(let name):
            return try database.query("SELECT id FROM history_nodes WHERE name = ?", [.text(name)]).first?.int("id").map(Int64.init)
        case .guest(let vmid):
            return Int64(vmid)
        }
    }
}
