/// The `timeframe` of an rrddata call.
public enum PVERRDTimeframe: String, Sendable, Hashable, CaseIterable {
    case hour, day, week, month, year
    /// PVE 9 nodes only.
    case decade
}

/// The `cf` (consolidation function) of an rrddata call.
public enum PVERRDConsolidation: String, Sendable, Hashable, CaseIterable {
    case average = "AVERAGE"
    case max = "MAX"
}
