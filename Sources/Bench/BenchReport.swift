/// The JSON `pb-bench` prints: every figure with its unit in the key.
struct BenchReport: Codable {
    var machine: Machine
    var mqttPublish: MQTTPublish?
    var collection: Collection?
    var snapshotEncoding: SnapshotEncoding?
    var snapshotPath: SnapshotPath?
    var idleRSS: [ServiceRSS]?
    /// The same services with their HTTP endpoint on (`PROXBALANCE_<SERVICE>_HTTP_BIND`), ready
    /// and scraped once.
    var idleRSSWithHTTP: [ServiceRSS]?
    var planning: [Planning]?
    var automationDecision: AutomationDecision?
    var journalWrites: JournalWrites?
    var notifier: Notifier?
    var web: Web?
    var history: History?
    var outcomes: Outcomes?
    var errors: [String] = []

    struct Machine: Codable {
        var cores: Int
        var build: String
    }

    struct MQTTPublish: Codable {
        var messages: Int
        var payloadBytes: Int
        var qos: Int
        var inFlight: Int
        var seconds: Double
        var messagesPerSecond: Double
        var failures: Int
    }

    struct Collection: Codable {
        var nodes: Int
        var guests: Int
        /// First cycle: every guest config and 7 days of node RRD are read.
        var firstCycleSeconds: Double
        var firstCycleAPICalls: Int
        /// Later cycles: only due configs and hour RRD; published to a real broker.
        var steadyCycleSeconds: [Double]
        var steadyCycleAPICalls: Int
        var publishedMessagesPerCycle: Int
    }

    struct SnapshotEncoding: Codable {
        var guests: Int
        var bytes: Int
        var encodeMilliseconds: Double
        var decodeMilliseconds: Double
    }

    /// The snapshot's coding and the scoring path from its bytes to the plan's bytes.
    struct SnapshotPath: Codable {
        var nodes: Int
        var guests: Int
        var snapshotBytes: Int
        /// Fast codec (what the services use).
        var encodeMilliseconds: Double
        /// Foundation's `JSONEncoder` with the same settings, for comparison.
        var foundationEncodeMilliseconds: Double
        var decodeMilliseconds: Double
        var foundationDecodeMilliseconds: Double
        var planBytes: Int
        /// Decode, plan, encode the plan and the scores (the published payloads).
        var pathMilliseconds: Double
        var pathDecodeMilliseconds: Double
        var pathPlanMilliseconds: Double
        var pathEncodeMilliseconds: Double
        /// Decode and the real scorer's handling: history in SQLite, plan, change log, stored
        /// plan, messages built (publishing to a broker excluded).
        var scorerPathMilliseconds: Double
    }

    struct ServiceRSS: Codable {
        var service: String
        /// Resident set, shared library pages included.
        var rssMegabytes: Double
        /// Pages only this process uses.
        var privateMegabytes: Double
        var note: String
    }

    struct Planning: Codable {
        /// `synthetic` (random skew, 7 days of history) or a `ClusterShape`.
        var shape: String
        var nodes: Int
        var guests: Int
        /// Hourly samples per node the trend summaries come from (168 = 7 days).
        var historySamplesPerNode: Int
        /// Turning the samples into per-node trends: the summaries and the CPU and memory trends
        /// (`SampleWindow.nodeTrends`), as scoring does before each plan.
        var trendMilliseconds: Double
        /// `Planner.plan`: scores, batch plan, reasons, skipped guests and summary.
        var planMilliseconds: Double
        var moves: Int
        var guestsMovedPct: Double
        var maxCpuPctBefore: Double
        var maxCpuPctAfter: Double
        var maxMemoryPctBefore: Double
        var maxMemoryPctAfter: Double
        var cpuSpreadBefore: Double
        var cpuSpreadAfter: Double
        var memorySpreadBefore: Double
        var memorySpreadAfter: Double
        var status: String
        /// `PlanBounds.moveLowerBound`: no plan relieves every node under pressure with fewer moves.
        var moveLowerBound: Int
        /// Relief and evacuation moves (rule repairs excluded) / lower bound (0 when the bound is 0).
        var movesPerBound: Double
        /// Moves that repair a broken anti-affinity or affinity placement (companions included).
        var repairMoves: Int
        /// `summary.rule_violations`: found before the plan, and repaired by it.
        var ruleViolationsFound: Int
        var ruleViolationsRepaired: Int
        /// `PlanBounds.cpuWaterLevelPct`: no placement gets the hottest node's CPU lower.
        var cpuWaterLevelPct: Double
        var cpuThresholdPct: Double
        /// Nodes still under pressure after the plan, and those no departure could relieve.
        var nodesUnderPressureAfter: Int
        var unrelievableNodes: Int
        /// `PlanAudit` violations of hard rules (memory gate, anti-affinity, affinity, storage,
        /// guest rules such as passthrough, maintenance or offline targets).
        var violations: [String]
        /// `summary.remaining_relief_moves`: more moves a full relief needs beyond the cap.
        var remainingReliefMoves: Int?
        /// The same cluster planned with the default cap (20 moves): max CPU after, and the moves
        /// a full relief still needs.
        var cap20MaxCpuPctAfter: Double
        var cap20RemainingReliefMoves: Int?
        /// `PeakReference`: the max CPU an optimistic greedy reaches with as many moves as the
        /// capped plan makes (its gap to `cap20MaxCpuPctAfter` is at most what the cap loses).
        var cap20GreedyMaxCpuPct: Double
        /// `PeakReference` memory-aware: the same greedy spending moves on nodes at or above 95 %
        /// memory first, as the planner does (the fair reference when memory emergencies exist).
        var cap20MemoryGreedyMaxCpuPct: Double
        /// `PlanBounds.bestMaxCPU`: the lowest max CPU any placement reaches, by exhaustive search,
        /// on clusters of at most 24 guests (`nil` above, or when the search ran out of steps).
        var cpuBestReachablePct: Double?
        /// The same with only the guests of nodes under pressure moving (`reliefOnly`).
        var cpuBestReliefOnlyPct: Double?
    }

    /// One automation decision (`AutomationPolicy.decide`) over a large plan.
    struct AutomationDecision: Codable {
        var nodes: Int
        var guests: Int
        var planMoves: Int
        var historyMigrations: Int
        var decisionMilliseconds: Double
        var candidatesByAction: [String: Int]
    }

    /// Journal writes to a real SQLite file (WAL), each its own transaction.
    struct JournalWrites: Codable {
        var writes: Int
        var meanMilliseconds: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
    }

    struct Notifier: Codable {
        var events: Int
        /// `Outbox.enqueue` to two destinations, one SQLite transaction per event.
        var outboxEventsPerSecond: Double
        /// Published QoS 1 to mosquitto, received and stored by a running notifier.
        var busEventsPerSecond: Double
        var deliveries: Int
        /// One HTTP POST per event to a local webhook endpoint.
        var deliveriesPerSecond: Double
        var coalescedEvents: Int
        /// Events delivered per second in summaries of up to 100 (coalescing window 50 ms).
        var coalescedEventsPerSecond: Double
        var coalescedRequests: Int
    }

    /// `pb-web` with a large cluster live (`WebBenchmark`).
    struct Web: Codable {
        var nodes: Int
        var guests: Int
        /// The retained snapshot the console holds.
        var snapshotBytes: Int
        /// Open event streams (pages).
        var pages: Int
        /// Bus events published, one every 20 ms.
        var messages: Int
        /// Updates read by the pages (of `expectedDeliveries`).
        var deliveries: Int
        var expectedDeliveries: Int
        /// Bus publish → update read by a page.
        var latencyP50Milliseconds: Double
        var latencyP99Milliseconds: Double
        /// The console's files and the state, fetched one after another.
        var firstLoadBytes: Int
        var firstLoadMilliseconds: Double
        var stateBytes: Int
        /// `pb-web`'s resident memory with the cluster live and the pages open.
        var rssMegabytes: Double
    }

    /// Scoring's metrics history (`HistoryBenchmark`).
    struct History: Codable {
        var nodes: Int
        var guests: Int
        /// One full snapshot each, into the 90-day database.
        var ingestMilliseconds: [Double]
        /// A compaction batch that first moves 11 snapshots' guest samples from the recent to the raw table.
        var flushMilliseconds: Double
        var compactDayRawSamples: Int
        var compactDaySeconds: Double
        var compactBatches: Int
        var compactSlowestBatchMilliseconds: Double
        var nodeWeekQueryMilliseconds: Double
        var nodeWeekPoints: Int
        /// The 7-day query of one node and its CPU trend (`TrendEngine.analyze`).
        var nodeWeekTrendMilliseconds: Double
        /// The 7-day query of one guest and its trend, as scoring reads a guest it has not cached.
        var guestWeekTrendMilliseconds: Double
        /// Trends of every running guest, as scoring keeps them between plans (`GuestTrendCache`).
        var guestTrendRefresh: GuestTrendRefresh
        var guestNinetyDayQueryMilliseconds: Double
        var guestNinetyDayPoints: Int
        var ninetyDayFillSeconds: Double
        var ninetyDayDatabaseMegabytes: Double
        var note: String
    }

    /// Guest trend refresh of the history benchmark: the first plan reads every running guest's
    /// 7-day hourly CPU; the first plan of the next hour reads that hour only and recomputes the
    /// trends; the other plans of the hour reuse them.
    struct GuestTrendRefresh: Codable {
        var guests: Int
        var guestsWithTrend: Int
        /// Plans after scoring starts until every guest has its trend (each reads up to
        /// `GuestTrendCache.maximumWholeReads` series whole), the slowest of them and all together.
        var coldPlans: Int
        var coldSlowestPlanMilliseconds: Double
        var coldTotalMilliseconds: Double
        /// The next hour's samples read and every trend recomputed (the first plan of each hour).
        var hourlyRefreshMilliseconds: Double
        /// The read of that hour alone (`MetricsHistory.hourlyCPU`).
        var hourlyRefreshReadMilliseconds: Double
        /// Another plan in the same hour.
        var sameHourMilliseconds: Double
    }

    /// Scoring's outcome history (`OutcomeBenchmark`).
    struct Outcomes: Codable {
        var nodes: Int
        var plans: Int
        var fillSeconds: Double
        /// One plan with every node's scores, then one prune batch.
        var recordAndPruneMilliseconds: [Double]
        /// The success metrics' facts read (observations filled in) and computed, after each plan.
        var metricsMilliseconds: [Double]
        var nodeScoreHistory30DayMilliseconds: Double
        var nodeScoreHistory30DayPoints: Int
        var clusterScoreHistory30DayMilliseconds: Double
        var planHistory500Milliseconds: Double
        var databaseMegabytes: Double
        var note: String
    }
}
