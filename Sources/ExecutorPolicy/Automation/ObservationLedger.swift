public import Contract
public import Foundation

/// How many consecutive usable plans each move has appeared in (the observation gate: a move
/// runs only once it is stable). Persisted by the executor as JSON; it holds only the moves of
/// the latest plan.
public struct ObservationLedger: Codable, Sendable, Equatable {
    /// `generated_at` of the last plan counted; the same plan seen again is not counted twice.
    public private(set) var lastPlanAt: Date?
    /// Streak per recommendation id (`<vmid>:<source>:<target>`).
    public private(set) var streaks: [String: Int]

    public init() {
        lastPlanAt = nil
        streaks = [:]
    }

    /// Counts `plan`: each of its moves' streak grows by one, moves absent from it are dropped.
    /// A stale or unavailable plan, a plan already counted (a retained redelivery) or an older
    /// one changes nothing.
    public mutating func record(_ plan: RecommendationSet) {
        guard plan.status != .stale, plan.status != .unavailable else { return }
        if let lastPlanAt, plan.generatedAt <= lastPlanAt { return }
        var next: [String: Int] = [:]
        for move in plan.recommendations { next[move.id] = (streaks[move.id] ?? 0) + 1 }
        streaks = next
        lastPlanAt = plan.generatedAt
    }

    /// In how many consecutive usable plans, up to the latest, the move appeared (0 if not in it).
    public func streak(of id: String) -> Int { streaks[id] ?? 0 }

    // Encoded as a list: dictionary keys would be rewritten by the contract's snake_case
    // strategy (a node named `PVE1` would come back as `pve1`).
    private struct Entry: Codable {
        var id: String
        var plans: Int
    }

    enum CodingKeys: String, CodingKey { case lastPlanAt, moves }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lastPlanAt = try container.decodeIfPresent(Date.self, forKey: .lastPlanAt)
        let entries = try container.decodeIfPresent([Entry].self, forKey: .moves) ?? []
        streaks = Dictionary(entries.map { ($0.id, $0.plans) }, uniquingKeysWith: max)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(lastPlanAt, forKey: .lastPlanAt)
        try container.encode(streaks.sorted { $0.key < $1.key }.map { Entry(id: $0.key, plans: $0.value) }, forKey: .moves)
    }
}
