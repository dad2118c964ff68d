public import Contract

/// The scoring view of one node: current load, 24 h / 7 d history, capacity and committed memory.
///
/// CPU and IOWait are time-weighted when history is known; memory always uses its current value
/// (it is a step-function resource: a guest's memory does not average out).
public struct NodeLoad: Sendable, Equatable {
    public var name: String
    /// Logical CPUs; the divisor of a guest's CPU impact and of the load average.
    public var cpuThreads: Int
    /// Physical cores (informational).
    public var cpuCores: Int
    public var memoryTotalBytes: Int64
    public var memoryUsedBytes: Int64
    /// Σ max memory of the guests placed here.
    public var committedMemoryBytes: Int64
    /// CPU busy now, 0–100.
    public var cpuPct: Double
    public var iowaitPct: Double
    /// 1-minute load average.
    public var load1: Double
    public var cpuAvg24h: Double?
    public var cpuAvg7d: Double?
    public var cpuMax7d: Double?
    public var memoryAvg7d: Double?
    public var memoryMax7d: Double?
    public var iowaitAvg24h: Double?
    public var iowaitAvg7d: Double?
    /// Mean usage of the node's active storages, 0–100.
    public var storageUsagePct: Double
    /// CPU trend and stability from scoring's stored history; `nil` leaves CPU penalties unscaled
    /// and adds no trend penalty.
    public var cpuTrend: NodeTrend?
    /// The usual CPU at the snapshot's hour and how far the node was above it then; fixed when
    /// guests move, so a node that is unusually busy now is penalised as a source and a target.
    public var cpuBaseline: TrendBaseline?

    public init(
        name: String, cpuThreads: Int, cpuCores: Int? = nil, memoryTotalBytes: Int64, memoryUsedBytes: Int64,
        committedMemoryBytes: Int64 = 0, cpuPct: Double, iowaitPct: Double = 0, load1: Double = 0,
        cpuAvg24h: Double? = nil, cpuAvg7d: Double? = nil, cpuMax7d: Double? = nil,
        memoryAvg7d: Double? = nil, memoryMax7d: Double? = nil,
        iowaitAvg24h: Double? = nil, iowaitAvg7d: Double? = nil,
        storageUsagePct: Double = 0, cpuTrend: NodeTrend? = nil
    ) {
        self.name = name
        self.cpuThreads = cpuThreads
        self.cpuCores = cpuCores ?? cpuThreads
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryUsedBytes = memoryUsedBytes
        self.committedMemoryBytes = committedMemoryBytes
        self.cpuPct = cpuPct
        self.iowaitPct = iowaitPct
        self.load1 = load1
        self.cpuAvg24h = cpuAvg24h
        self.cpuAvg7d = cpuAvg7d
        self.cpuMax7d = cpuMax7d
        self.memoryAvg7d = memoryAvg7d
        self.memoryMax7d = memoryMax7d
        self.iowaitAvg24h = iowaitAvg24h
        self.iowaitAvg7d = iowaitAvg7d
        self.storageUsagePct = storageUsagePct
        self.cpuTrend = cpuTrend
    }

    /// The scoring view of a snapshot node; `storages` (the snapshot's) give its storage usage.
    ///
    /// Throws when the node lacks what a score needs: CPU %, thread count, memory total/used.
    public init(_ node: NodeState, storages: [StorageState] = [], trend: NodeTrend? = nil) throws(ScoringInputError) {
        guard let cpu = node.cpuPct else { throw .missingMetric(node: node.name, field: "cpu_pct") }
        guard cpu.isFinite, cpu >= 0 else { throw .invalidMetric(node: node.name, field: "cpu_pct", value: "\(cpu)") }
        guard let threads = node.cpuThreads else { throw .missingMetric(node: node.name, field: "cpu_threads") }
        guard threads > 0 else { throw .invalidMetric(node: node.name, field: "cpu_threads", value: "\(threads)") }
        guard let total = node.memoryTotalBytes else {
            throw .missingMetric(node: node.name, field: "memory_total_bytes")
        }
        guard total > 0 else { throw .invalidMetric(node: node.name, field: "memory_total_bytes", value: "\(total)") }
        guard let used = node.memoryUsedBytes else { throw .missingMetric(node: node.name, field: "memory_used_bytes") }
        let usage = storages.filter { $0.nodes.contains(node.name) }.compactMap { storage -> Double? in
            guard let size = storage.totalBytes, size > 0, let filled = storage.usedBytes else { return nil }
            return Double(filled) / Double(size) * 100
        }
        let history = node.history
        self.init(
            name: node.name, cpuThreads: threads, cpuCores: node.cpuCores, memoryTotalBytes: total,
            memoryUsedBytes: used, committedMemoryBytes: node.committedMemoryBytes, cpuPct: cpu,
            iowaitPct: node.iowaitPct ?? 0, load1: node.loadAverage?.first ?? 0,
            cpuAvg24h: history?.cpuPct.lastDay?.avg, cpuAvg7d: history?.cpuPct.lastWeek?.avg,
            cpuMax7d: history?.cpuPct.lastWeek?.max,
            memoryAvg7d: history?.memoryPct.lastWeek?.avg, memoryMax7d: history?.memoryPct.lastWeek?.max,
            iowaitAvg24h: history?.iowaitPct.lastDay?.avg, iowaitAvg7d: history?.iowaitPct.lastWeek?.avg,
            storageUsagePct: usage.isEmpty ? 0 : usage.reduce(0, +) / Double(usage.count), cpuTrend: trend)
    }

    /// Memory in use now, 0–100 (always current, never time-weighted).
    public var memoryPct: Double { Double(memoryUsedBytes) * 100 / Double(memoryTotalBytes) }

    /// Committed memory over physical memory; above 1 the node is overcommitted.
    public var overcommitRatio: Double { Double(committedMemoryBytes) / Double(memoryTotalBytes) }

    /// CPU % weighted current / 24 h / 7 d when both averages are known, else the current value.
    public func weightedCPU(_ configuration: PenaltyConfiguration) -> Double {
        Self.timeWeighted(current: cpuPct, day: cpuAvg24h, week: cpuAvg7d, configuration)
    }

    /// IOWait % weighted like CPU.
    public func weightedIOWait(_ configuration: PenaltyConfiguration) -> Double {
        Self.timeWeighted(current: iowaitPct, day: iowaitAvg24h, week: iowaitAvg7d, configuration)
    }

    private static func timeWeighted(
        current: Double, day: Double?, week: Double?, _ configuration: PenaltyConfiguration
    ) -> Double {
        guard let day, let week else { return current }
        return configuration.weightCurrent * current + configuration.weight24h * day + configuration.weight7d * week
    }

    /// The node once `load` has arrived (or left): current CPU, memory and IOWait move by the
    /// guest's share, and so do the history figures (the guest's past load moves with it), so
    /// a planned departure also lowers sustained and spike penalties. Values stay within 0–100.
    public func moving(_ load: GuestLoad, arriving: Bool) -> NodeLoad {
        let sign: Double = arriving ? 1 : -1
        let cpu = sign * load.cpuCores * 100 / Double(cpuThreads)
        let memory = sign * Double(load.memoryUsedBytes) * 100 / Double(memoryTotalBytes)
        let iowait = sign * load.iowaitImpactPct
        func shift(_ value: Double, _ delta: Double) -> Double { min(100, max(0, value + delta)) }
        var next = self
        next.cpuPct = shift(cpuPct, cpu)
        next.cpuAvg24h = cpuAvg24h.map { shift($0, cpu) }
        next.cpuAvg7d = cpuAvg7d.map { shift($0, cpu) }
        next.cpuMax7d = cpuMax7d.map { shift($0, cpu) }
        next.memoryUsedBytes = max(0, memoryUsedBytes + (arriving ? load.memoryUsedBytes : -load.memoryUsedBytes))
        next.memoryAvg7d = memoryAvg7d.map { shift($0, memory) }
        next.memoryMax7d = memoryMax7d.map { shift($0, memory) }
        next.committedMemoryBytes = max(
            0, committedMemoryBytes + (arriving ? load.memoryMaxBytes : -load.memoryMaxBytes))
        next.iowaitPct = shift(iowaitPct, iowait)
        next.iowaitAvg24h = iowaitAvg24h.map { shift($0, iowait) }
        next.iowaitAvg7d = iowaitAvg7d.map { shift($0, iowait) }
        return next
    }
}
