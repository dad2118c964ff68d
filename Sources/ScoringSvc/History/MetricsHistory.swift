import Contract
import Foundation
import SQLite

/// Scoring's metrics history of one cluster in SQLite: every snapshot's node and guest samples
/// (raw, then hourly and 6-hourly rollups, see `HistoryTiers`) and where each guest lived.
public struct MetricsHistory: Sendable {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Stores the samples of `snapshot` and the guests that changed node since the previous
    /// one, in one transaction, and returns those changes. `proxBalanceTargets` (vmid → target
    /// node of ProxBalance's recent migrations) tells which moves ProxBalance made. A snapshot not newer than what is already rolled up
    /// adds nothing; one stored before adds nothing again.
    @discardableResult
    public func ingest(
        _ snapshot: ClusterSnapshot, proxBalanceTargets: [Int: String] = [:]
    ) async throws -> [PlacementChange] {
        let ts = Int64(snapshot.collectedAt.timeIntervalSince1970.rounded(.down))
        return try await database.write { database in
            try database.transaction {
                let rolledUpTo = try database.query("SELECT MAX(cutoff) AS cutoff FROM history_progress").first?.int("cutoff") ?? 0
                guard ts >= rolledUpTo else { return [] }
                let ids = try Self.nodeIDs(snapshot.nodes.map(\.name) + snapshot.guests.map(\.node), in: database)
                guard try !Self.isStored(ts: ts, nodes: snapshot.nodes.compactMap { ids[$0.name] }, in: database) else { return [] }
                try Self.insertNodes(snapshot, ts: ts, ids: ids, in: database)
                let guests = snapshot.guests.filter { !$0.template }
                try Self.insertGuests(guests, ts: ts, ids: ids, in: database)
                return try Self.recordPlacements(
                    guests, ts: ts, at: snapshot.collectedAt, ids: ids, proxBalanceTargets: proxBalanceTargets, in: database)
            }
        }
    }

    /// The id of every node name, created for names not seen before.
    static func nodeIDs(_ names: [String], in database: SQLiteDatabase) throws -> [String: Int64] {
        let insert = try database.prepare("INSERT OR IGNORE INTO history_nodes (name) VALUES (?)")
        for name in Set(names) { try insert.execute(.text(name)) }
        return try nodeNames(in: database).reduce(into: [:]) { $0[$1.value] = $1.key }
    }

    /// Whether a snapshot taken at `ts` is stored already (a retained one delivered again, even
    /// after its guest samples left `guest_recent`).
    static func isStored(ts: Int64, nodes: [Int64], in database: SQLiteDatabase) throws -> Bool {
        let probe = try database.prepare("SELECT 1 FROM node_raw WHERE series = ? AND ts = ?")
        return try nodes.contains { try probe.query([.integer($0), .integer(ts)]).first != nil }
    }

    /// Every known node by id.
    static func nodeNames(in database: SQLiteDatabase) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try database.query("SELECT id, name FROM history_nodes") {
            if let id = row.int("id"), let name = row.string("name") { names[Int64(id)] = name }
        }
        return names
    }

    private static func insertNodes(_ snapshot: ClusterSnapshot, ts: Int64, ids: [String: Int64], in database: SQLiteDatabase) throws {
        let metrics = HistoryKind.node.metrics
        let insert = try database.prepare(
            "INSERT OR IGNORE INTO node_raw (series, ts, \(HistoryKind.node.rawColumns)) VALUES (?, ?\(placeholders(metrics.count)))")
        for node in snapshot.nodes {
            guard let id = ids[node.name] else { continue }
            let values = HistoryMetric.values(of: node)
            guard values.contains(where: { $0 != nil }) else { continue }
            try insert.execute([.integer(id), .integer(ts)] + zip(metrics, values).map { stored($0.stored($1)) })
        }
    }

    private static func insertGuests(_ guests: [GuestState], ts: Int64, ids: [String: Int64], in database: SQLiteDatabase) throws {
        let metrics = HistoryKind.guest.metrics
        let insert = try database.prepare(
            """
            INSERT OR IGNORE INTO guest_recent (series, ts, node, status, \(HistoryKind.guest.rawColumns))
            VALUES (?, ?, ?, ?\(placeholders(metrics.count)))
            """)
        for guest in guests {
            guard let node = ids[guest.node] else { continue }
            let values = HistoryMetric.values(of: guest)
            try insert.execute(
                [.integer(Int64(guest.vmid)), .integer(ts), .integer(node), .integer(GuestStatusCode.code(guest.status))]
                    + zip(metrics, values).map { stored($0.stored($1)) })
        }
    }

    private static func recordPlacements(
        _ guests: [GuestState], ts: Int64, at: Date, ids: [String: Int64], proxBalanceTargets: [Int: String],
        in database: SQLiteDatabase
    ) throws -> [PlacementChange] {
        var known: [Int64: (node: Int64, since: Int64)] = [:]
        for row in try database.query("SELECT guest, node, since FROM guest_placement") {
            if let guest = row.int("guest"), let node = row.int("node"), let since = row.int("since") {
                known[Int64(guest)] = (Int64(node), Int64(since))
            }
        }
        let names = ids.reduce(into: [Int64: String]()) { $0[$1.value] = $1.key }
        let upsert = try database.prepare("INSERT OR REPLACE INTO guest_placement (guest, node, since) VALUES (?, ?, ?)")
        let change = try database.prepare(
            "INSERT OR IGNORE INTO placement_changes (guest, ts, from_node, to_node, by) VALUES (?, ?, ?, ?, ?)")
        var changes: [PlacementChange] = []
        for guest in guests {
            guard let node = ids[guest.node] else { continue }
            let vmid = Int64(guest.vmid)
            // A guest on the node it was on, or seen there after this snapshot, changes nothing.
            if let previous = known[vmid] {
                guard previous.node != node, previous.since < ts, let from = names[previous.node] else { continue }
                let moved = PlacementChange(
                    vmid: guest.vmid, from: from, to: guest.node, at: at,
                    by: proxBalanceTargets[guest.vmid] == guest.node ? .proxbalance : .outside)
                try change.execute(.integer(vmid), .integer(ts), .integer(previous.node), .integer(node), .text(moved.by.rawValue))
                changes.append(moved)
            }
            try upsert.execute(.integer(vmid), .integer(node), .integer(ts))
        }
        return changes
    }

    /// Every recorded change of node of guest `vmid` since `start`, oldest first.
    public func placementChanges(vmid: Int, since start: Date = .distantPast) async throws -> [PlacementChange] {
        try await database.read { database in
            let names = try Self.nodeNames(in: database)
            let rows = try database.query(
                "SELECT ts, from_node, to_node, by FROM placement_changes WHERE guest = ? AND ts >= ? ORDER BY ts",
                [.integer(Int64(vmid)), .integer(Int64(max(-9e15, start.timeIntervalSince1970)))])
            return rows.compactMap { row in
                guard let ts = row.int("ts"), let from = row.int("from_node").flatMap({ names[Int64($0)] }),
                    let to = row.int("to_node").flatMap({ names[Int64($0)] }), let by = row.string("by").flatMap(PlacementChange.Mover.init)
                else { return nil }
                return PlacementChange(vmid: vmid, from: from, to: to, at: Date(timeIntervalSince1970: Double(ts)), by: by)
            }
        }
    }

    /// `, ?` repeated `count` times.
    static func placeholders(_ count: Int) -> String {
        String(repeating: ", ?", count: count)
    }

    /// A stored integer or NULL.
    static func stored(_ value: Int64?) -> SQLiteValue {
        value.map(SQLiteValue.integer) ?? .null
    }
}
