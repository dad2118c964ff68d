import Contract
import Foundation
import Logging
import SQLite
import ScoringSvc
import TestSupport

/// A small cluster whose load follows its clock, fed to a metrics history on a temporary file.
struct MetricsHistoryFixture {
    let directory: TemporaryDirectory
    let logger = Logger(label: "metrics-history-test")

    init() throws {
        directory = try TemporaryDirectory(prefix: "metrics-history")
    }

    /// Opens the scoring database file (again).
    func open() throws -> (SQLiteDatabase, MetricsHistory) {
        let database = try ScoringDatabase.open(directory: directory.path, logger: logger)
        return (database, MetricsHistory(database: database))
    }

    /// The fixture cluster at `at`, its CPU a known function of the time (`cpu(at:)`).
    static func snapshot(at: Date) -> ClusterSnapshot {
        var snapshot = ServiceFixtures.snapshot(at: at)
        let cpu = cpu(at: at)
        snapshot.nodes = snapshot.nodes.map { node in
            var node = node
            node.cpuPct = cpu
            return node
        }
        snapshot.guests = snapshot.guests.map { guest in
            var guest = guest
            guest.cpuPct = cpu / 2
            guest.netInBps = 1000 + cpu
            return guest
        }
        return snapshot
    }

    /// Node CPU at `at`: cycles 0…99 over 100 minutes.
    static func cpu(at: Date) -> Double {
        Double(Int(at.timeIntervalSince1970 / 60) % 100)
    }

    /// Stored rows of `table` (optionally for one tier).
    static func count(_ database: SQLiteDatabase, _ table: String, tier: Int? = nil) throws -> Int {
        let filter = tier.map { " WHERE tier = \($0)" } ?? ""
        return try database.query("SELECT COUNT(*) AS n FROM \(table)\(filter)").first?.int("n") ?? -1
    }

    /// Samples behind the stored rows of one guest series: raw and recent rows plus the samples
    /// of `tier`'s rollups.
    static func samples(_ database: SQLiteDatabase, guest: Int, tier: Int) throws -> Int {
        let raw = try database.query(
            "SELECT (SELECT COUNT(*) FROM guest_raw WHERE series = ?1) + (SELECT COUNT(*) FROM guest_recent WHERE series = ?1) AS n",
            [.integer(Int64(guest))])
        let rolled = try database.query(
            "SELECT COALESCE(SUM(samples), 0) AS n FROM guest_rollup WHERE series = ? AND tier = ?",
            [.integer(Int64(guest)), .integer(Int64(tier))])
        return (raw.first?.int("n") ?? 0) + (rolled.first?.int("n") ?? 0)
    }
}
