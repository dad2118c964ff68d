import Contract
import Foundation
import ScoringEngine

/// Cold start: fills the metrics history of nodes and running guests that have less than
/// `minimumRealHours` of real history from Proxmox's RRD (`week` and `month`, `AVERAGE` and
/// `MAX`, asked of the collector), marked backfilled (`MetricsHistory.backfill`).
///
/// One run at a time, beside planning, never blocking it: every node, and at most
/// `guestsPerCycle` running guests (most loaded first), per run. A series is asked for once per
/// process (and never again once it holds backfilled rollups or enough real history); a
/// collector that does not answer ends the run, and the next waits `retrySeconds`.
public struct HistoryBackfiller: Sendable {
    /// Series with less real history than this (hours) are backfilled: the span a forecast needs.
    public static let minimumRealHours = TrendEngine.minimumForecastSpanHours
    /// The most guests one run asks for.
    public static let guestsPerCycle = 50
    /// Seconds to wait after the collector did not answer.
    public static let retrySeconds: TimeInterval = 600
    /// The RRD timeframes asked for: a week at 3-hour (PVE 8) or 30-minute (PVE 9) steps, a
    /// month at 12-hour or 30-minute steps.
    static let timeframes = ["week", "month"]

    /// Series handled by this process (backfilled, not needed, or refused by the collector).
    private(set) var done: Set<MetricsHistory.Subject> = []
    private(set) var running = false
    private var retryAt: Date?
    /// Whether the collector's silence was logged since it last answered.
    private var silenceLogged = false

    public init() {}

    /// What one run did.
    public struct Outcome: Sendable {
        /// Series that need nothing more from this process.
        public var done: [MetricsHistory.Subject] = []
        /// Rollups written per series.
        public var written: [(subject: MetricsHistory.Subject, rollups: Int)] = []
        /// Series the collector or the store refused, and why.
        public var failures: [(subject: MetricsHistory.Subject, reason: String)] = []
        /// Why the collector could not be asked, when it did not answer.
        public var unavailable: String?

        public init() {}
    }

    /// Starts a run when none is running and no retry is pending: returns the series to ask
    /// for (empty: nothing to do now).
    public mutating func start(_ snapshot: ClusterSnapshot, now: Date) -> [MetricsHistory.Subject] {
        guard !running, retryAt.map({ now >= $0 }) ?? true else { return [] }
        let nodes = snapshot.nodes.filter { $0.cpuPct != nil }.map { MetricsHistory.Subject.node($0.name) }
        let guests = snapshot.guests.filter { $0.isRunning && !$0.template }
            .sorted { ($0.cpuPct * $0.vcpus, $1.vmid) > ($1.cpuPct * $1.vcpus, $0.vmid) }
            .map { MetricsHistory.Subject.guest($0.vmid) }.filter { !done.contains($0) }.prefix(Self.guestsPerCycle)
        let subjects = nodes.filter { !done.contains($0) } + guests
        running = !subjects.isEmpty
        return subjects
    }

    /// Takes a run's outcome; returns whether the collector's silence should be logged now (once
    /// until it answers again).
    public mutating func finish(_ outcome: Outcome, now: Date) -> Bool {
        running = false
        done.formUnion(outcome.done)
        guard outcome.unavailable != nil else {
            silenceLogged = false
            retryAt = nil
            return false
        }
        retryAt = now.addingTimeInterval(Self.retrySeconds)
        defer { silenceLogged = true }
        return !silenceLogged
    }

    /// Backfills `subjects` of `cluster` from `source` into `history`.
    public static func run(
        _ subjects: [MetricsHistory.Subject], cluster: String, source: any RRDSource, history: MetricsHistory, now: Date,
        tiers: HistoryTiers
    ) async -> Outcome {
        var outcome = Outcome()
        for subject in subjects {
            do {
                let state = try await history.backfillState(subject)
                if state.backfilled || state.firstReal.map({ now.timeIntervalSince($0) >= minimumRealHours * 3600 }) == true {
                    outcome.done.append(subject)
                    continue
                }
                var series: [HistoryBackfill.Series] = []
                for timeframe in timeframes {
                    async let averages = source.rrd(request(subject, timeframe: timeframe, cf: "AVERAGE"), cluster: cluster)
                    async let maxima = source.rrd(request(subject, timeframe: timeframe, cf: "MAX"), cluster: cluster)
                    series.append(HistoryBackfill.Series(averages: try await averages.points, maxima: try await maxima.points))
                }
                outcome.written.append((subject, try await history.backfill(subject, from: series, now: now, tiers: tiers)))
                outcome.done.append(subject)
            } catch let error as RRDSourceUnavailable {
                outcome.unavailable = error.description
                return outcome
            } catch let error as ReplyError {
                outcome.failures.append((subject, "\(error.code): \(error.message)"))
                outcome.done.append(subject)
            } catch {
                outcome.failures.append((subject, "\(error)"))
            }
        }
        return outcome
    }

    /// The `rrd` request for `subject`.
    static func request(_ subject: MetricsHistory.Subject, timeframe: String, cf: String) -> RRDRequest {
        switch subject {
        case .node(let name): RRDRequest(node: name, timeframe: timeframe, cf: cf)
        case .guest(let vmid): RRDRequest(vmid: vmid, timeframe: timeframe, cf: cf)
        }
    }
}
