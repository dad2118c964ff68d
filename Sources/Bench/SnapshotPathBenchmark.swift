import Contract
import Foundation
import Logging
import MQTT
import ScoringEngine
import ScoringSvc
import ServiceRuntime
import TestSupport

/// The snapshot's way through the system without the broker: its size, encoding and decoding
/// (fast codec and Foundation's for comparison), and the scoring path from the message's bytes
/// to the retained plan's bytes, pure and then through the real `Scorer` (SQLite file, messages
/// handed to a publisher that drops them). Best of `repeats`.
enum SnapshotPathBenchmark {
    static func run(nodes: Int, guests: Int, repeats: Int, logger: Logger) async throws -> BenchReport.SnapshotPath {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let snapshot = SyntheticCluster.snapshot(nodes: nodes, guests: guests, seed: 42, at: start)
        let data = try MessageCoding.encode(snapshot)
        let fastEncode = try await best(repeats) { _ = try MessageCoding.encode(snapshot) }
        let foundationEncode = try await best(repeats) { _ = try MessageCoding.encodeWithFoundation(snapshot) }
        let fastDecode = try await best(repeats) { _ = try MessageCoding.decode(ClusterSnapshot.self, from: data) }
        let foundationDecode = try await best(repeats) { _ = try MessageCoding.decodeWithFoundation(ClusterSnapshot.self, from: data) }

        // Pure: what the scorer computes and publishes for one snapshot; its parts are the best
        // run's.
        var planBytes = 0
        var path = Double.infinity
        var decodeMs = 0.0
        var planMs = 0.0
        var publishEncodeMs = 0.0
        for _ in 0..<max(1, repeats) {
            let (decoded, decodeSeconds) = try await measure { try MessageCoding.decode(ClusterSnapshot.self, from: data) }
            let input = PlanInput(snapshot: decoded, settings: ScoringSettings(), now: start)
            let (plan, planSeconds) = await measure { Planner.plan(input) }
            let (encoded, encodeSeconds) = try await measure {
                (try MessageCoding.encode(plan), try MessageCoding.encode(Planner.scores(input)))
            }
            planBytes = encoded.0.count
            let total = (decodeSeconds + planSeconds + encodeSeconds) * 1000
            guard total < path else { continue }
            path = total
            decodeMs = decodeSeconds * 1000
            planMs = planSeconds * 1000
            publishEncodeMs = encodeSeconds * 1000
        }

        // Through the service's scorer: history in SQLite, last usable plan stored, messages built.
        let directory = try TemporaryDirectory(prefix: "bench-snapshot-path")
        let clock = BenchClock(start)
        let scorer = try await Scorer(
            database: try ScoringDatabase.open(directory: directory.path, logger: logger), bus: DroppingPublisher(),
            topics: Topics(cluster: snapshot.cluster), now: { clock.now }, logger: logger)
        var cycle = snapshot.collection.cycle
        let service = try await best(repeats) {
            cycle += 1
            clock.advance(60)
            var next = try MessageCoding.decode(ClusterSnapshot.self, from: data)
            next.collection.cycle = cycle
            next.collectedAt = clock.now
            await scorer.receive(next)
        }
        return BenchReport.SnapshotPath(
            nodes: snapshot.nodes.count, guests: snapshot.guests.count, snapshotBytes: data.count,
            encodeMilliseconds: fastEncode, foundationEncodeMilliseconds: foundationEncode,
            decodeMilliseconds: fastDecode, foundationDecodeMilliseconds: foundationDecode, planBytes: planBytes,
            pathMilliseconds: path, pathDecodeMilliseconds: decodeMs, pathPlanMilliseconds: planMs,
            pathEncodeMilliseconds: publishEncodeMs, scorerPathMilliseconds: service)
    }

    /// The best time of `repeats` runs of `body`, in milliseconds.
    private static func best(_ repeats: Int, _ body: () async throws -> Void) async throws -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let (_, seconds) = try await measure { try await body() }
            best = min(best, seconds)
        }
        return best * 1000
    }
}

/// A publisher that accepts and drops every message (the broker is not part of this figure).
private struct DroppingPublisher: MessagePublishing {
    func publish(_ message: MQTTMessage) async throws {}
}

/// A settable clock for the scorer, advanced one collection interval per snapshot.
private final class BenchClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
