/// Why a node sends guests away, strongest first.
enum SourcePressure: Sendable, Hashable {
    /// In maintenance: every migratable guest leaves.
    case maintenance
    /// CPU above the CPU threshold, now or time-weighted (`cpuExcess`).
    case cpu
    /// Memory above `source_mem_migration_floor`.
    case memory
    /// IOWait above its threshold now and above 70 % of it on average over 24 h.
    case iowait

    /// The pressure on `load`, or `nil` when the node is healthy (the source gate:
    /// a node under the memory floor and the CPU threshold keeps its guests, unless IOWait-stressed).
    static func of(_ load: NodeLoad, maintenance: Bool, configuration c: PenaltyConfiguration) -> SourcePressure? {
        if maintenance { return .maintenance }
        if isIOWaitStressed(load, configuration: c) { return .iowait }
        if cpuExcess(load, c) > 0 { return .cpu }
        if load.memoryPct > c.sourceMemMigrationFloor { return .memory }
        return nil
    }

    /// How far `load`'s CPU is beyond the CPU threshold, in points: the higher of its current and
    /// its time-weighted CPU counts, so a node busier now than over the last day and week is
    /// overloaded as soon as its CPU now (what an admin sees) is above the threshold, and one
    /// hot for days stays overloaded during a quiet minute.
    static func cpuExcess(_ load: NodeLoad, _ c: PenaltyConfiguration) -> Double {
        max(load.cpuPct, load.weightedCPU(c)) - c.cpuThreshold
    }

    /// The IOWait trigger: current IOWait above the threshold, confirmed by the 24 h average
    /// above 70 % of it.
    static func isIOWaitStressed(_ load: NodeLoad, configuration c: PenaltyConfiguration) -> Bool {
        load.iowaitPct > c.iowaitThreshold && (load.iowaitAvg24h ?? 0) > 0.7 * c.iowaitThreshold
    }

    /// Extra points added to the source's score (maintenance and IOWait boosts).
    func sourceBoost(_ c: PenaltyConfiguration) -> Double {
        switch self {
        case .maintenance: c.maintenanceScoreBoost
        case .iowait: c.iowaitScoreBoost
        case .cpu, .memory: 0
        }
    }
}
