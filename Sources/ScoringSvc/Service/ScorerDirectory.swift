import Contract
import Foundation
import Logging
import ServiceRuntime

/// The `Scorer` of each cluster this process serves: one fixed cluster, or every cluster whose
/// snapshot appears on the bus (each with its own database `scoring-<cluster>.db`).
public actor ScorerDirectory {
    /// Base topic and, in single-cluster mode, the cluster; `+` in the cluster level otherwise,
    /// which makes `filters`' topics the subscription filters.
    public nonisolated let filters: Topics
    private let make: @Sendable (Topics) async throws -> Scorer
    private var scorers: [String: Scorer] = [:]

    /// A directory for `filters` (cluster `+` for every cluster) that creates a cluster's scorer
    /// with `make` the first time the cluster is seen.
    public init(filters: Topics, make: @escaping @Sendable (Topics) async throws -> Scorer) {
        self.filters = filters
        self.make = make
    }

    /// A directory serving every cluster under `base`, with databases in `directory`.
    public init(
        base: String, cluster: String?, directory: String, bus: any MessagePublishing,
        configuration: ScoringConfiguration, logger: Logger, metrics: ScoringMetrics = .none, consoleURL: String? = nil,
        rrdSource: (any RRDSource)? = nil
    ) {
        let discovery = ScoringDiscovery(
            availabilityTopic: cluster.map { Topics(base: base, cluster: $0).availability(.scoring) } ?? Topics.availability(base: base, .scoring),
            version: ProductVersion.current, consoleURL: consoleURL)
        self.init(filters: Topics(base: base, cluster: cluster ?? "+")) { topics in
            var logger = logger
            logger[metadataKey: "cluster"] = "\(topics.cluster)"
            let database = try ScoringDatabase.open(directory: directory, cluster: topics.cluster, logger: logger)
            return try await Scorer(
                database: database, bus: bus, topics: topics, configuration: configuration, logger: logger, metrics: metrics,
                discovery: discovery, rrdSource: rrdSource)
        }
    }

    /// Which clusters' settings and plan stores do not take writes, and why (readiness); `nil`
    /// when every store does (or none is open yet).
    public func storeProblem() async -> String? {
        var problems: [String] = []
        for (cluster, scorer) in scorers.sorted(by: { $0.key < $1.key }) {
            do {
                try await scorer.probeStore()
            } catch {
                problems.append("the store of cluster \(cluster) does not take writes: \(error)")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// Whether this process serves one fixed cluster.
    public nonisolated var fixedCluster: String? { filters.cluster == "+" ? nil : filters.cluster }

    /// The cluster a topic under the base belongs to, if this process serves it.
    public nonisolated func cluster(of topic: String) -> String? {
        guard let cluster = Topics.cluster(in: topic, base: filters.base), Topics.isValidLevel(cluster) else { return nil }
        if let fixed = fixedCluster, fixed != cluster { return nil }
        return cluster
    }

    /// Announces every scorer again (Home Assistant started, or the broker connection came back).
    public func announceAll() async {
        for scorer in scorers.values { await scorer.announce() }
    }

    /// The scorer of `cluster`, created (and announced) the first time when `create` is true.
    public func scorer(for cluster: String, create: Bool) async throws -> Scorer? {
        if let known = scorers[cluster] { return known }
        guard create else { return nil }
        let scorer = try await make(Topics(base: filters.base, cluster: cluster))
        scorers[cluster] = scorer
        await scorer.announce()
        return scorer
    }
}
