import Contract
import Foundation
import ScoringEngine

/// What proposed settings would change on the current snapshot: the recommendations that
/// appear, disappear or change (target or step), every node's score before and after, and each
/// plan's status, move count and cluster health. Pure.
public struct SettingsSimulation: Codable, Sendable, Equatable {
    /// A move in one plan and not the other.
    public struct Move: Codable, Sendable, Equatable {
        public var vmid: Int
        public var name: String?
        public var source: String
        public var target: String
        public var step: Int
        public var confidence: Double
    }

    /// A move in both plans whose target or step differs.
    public struct Change: Codable, Sendable, Equatable {
        public var vmid: Int
        public var name: String?
        public var source: String
        public var targetBefore: String
        public var targetAfter: String
        public var stepBefore: Int
        public var stepAfter: Int
    }

    /// A node's score (lower is better) under the current and the proposed settings.
    public struct NodeDelta: Codable, Sendable, Equatable {
        public var node: String
        public var before: Double?
        public var after: Double?
        /// `after - before`, when both are known.
        public var delta: Double?
    }

    /// One plan in brief.
    public struct Outline: Codable, Sendable, Equatable {
        public var status: PlanStatus
        public var moves: Int
        public var clusterHealthBefore: Double
        public var clusterHealthAfter: Double
    }

    /// The settings the proposed plan used.
    public var settings: ScoringSettings
    public var current: Outline
    public var proposed: Outline
    public var appeared: [Move]
    public var disappeared: [Move]
    public var changed: [Change]
    /// How many moves both plans make alike.
    public var unchanged: Int
    public var nodes: [NodeDelta]

    /// `proposed` compared with `current`, moves matched by vmid, nodes by name (in the order of
    /// the current scores, then new ones).
    public static func compare(
        current: RecommendationSet, proposed: RecommendationSet, scoresBefore: NodeScoresReport, scoresAfter: NodeScoresReport,
        settings: ScoringSettings
    ) -> SettingsSimulation {
        let before = Dictionary(current.recommendations.map { ($0.vmid, $0) }) { first, _ in first }
        let after = Dictionary(proposed.recommendations.map { ($0.vmid, $0) }) { first, _ in first }
        let changed = proposed.recommendations.compactMap { next -> Change? in
            guard let old = before[next.vmid], old.target != next.target || old.step != next.step else { return nil }
            return Change(
                vmid: next.vmid, name: next.name, source: next.source, targetBefore: old.target, targetAfter: next.target,
                stepBefore: old.step, stepAfter: next.step)
        }
        let scoreBefore = Dictionary(scoresBefore.nodes.map { ($0.node, $0.score?.total) }) { first, _ in first }
        let scoreAfter = Dictionary(scoresAfter.nodes.map { ($0.node, $0.score?.total) }) { first, _ in first }
        let names = scoresBefore.nodes.map(\.node) + scoresAfter.nodes.map(\.node).filter { scoreBefore[$0] == nil }
        return SettingsSimulation(
            settings: settings, current: outline(current), proposed: outline(proposed),
            appeared: proposed.recommendations.filter { before[$0.vmid] == nil }.map(move),
            disappeared: current.recommendations.filter { after[$0.vmid] == nil }.map(move),
            changed: changed,
            unchanged: proposed.recommendations.filter { before[$0.vmid] != nil }.count - changed.count,
            nodes: names.map { node in
                let old = scoreBefore[node] ?? nil
                let new = scoreAfter[node] ?? nil
                return NodeDelta(
                    node: node, before: old, after: new, delta: old.flatMap { old in new.map { Rounding.round($0 - old) } })
            })
    }

    private static func move(_ recommendation: Recommendation) -> Move {
        Move(
            vmid: recommendation.vmid, name: recommendation.name, source: recommendation.source, target: recommendation.target,
            step: recommendation.step, confidence: recommendation.confidence)
    }

    private static func outline(_ plan: RecommendationSet) -> Outline {
        Outline(
            status: plan.status, moves: plan.recommendations.count, clusterHealthBefore: plan.summary.clusterHealthBefore,
            clusterHealthAfter: plan.summary.clusterHealthAfter)
    }
}
