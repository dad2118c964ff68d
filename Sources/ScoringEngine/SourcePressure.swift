/// Why a node sends guests away, strongest first.
enum SourcePressure: Sendable, Hashable {
    /// In maintenance: every migratable guest leaves.
    case maintenance
    /// Time-weighted CPU above the CPU threshold.
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
        if load.weightedCPU(c) > c.cpuThreshold { return .cpu }
        if load.memoryPct > c.sourceMemMigrationFloor { return .memory }
        return nil
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
