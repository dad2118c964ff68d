/// What a move does to its source, computed once per bundle and source state: the source's score
/// and spread term with the bundle and without it.
struct SourceSide: Sendable {
    let total: Double
    let spread: Double
    /// The source's CPU % before the move.
    let cpu: Double
    let afterTotal: Double
    let afterSpread: Double
    let afterCPU: Double
    let afterMemory: Double
    /// Maintenance or IOWait boost added to the source's score.
    let boost: Double
    /// Why the source sends the bundle (`nil` for distribution balancing).
    var pressure: SourcePressure? = nil
}

extension SourceSide {
    /// A source side with loads only (no scores): the source at `before` sends a bundle for
    /// `pressure` and ends at `after`. Enough for the relief bounds (`BatchPlanner.boundsFailure`).
    static func probe(_ before: NodeLoad, after: NodeLoad, pressure: SourcePressure) -> SourceSide {
        SourceSide(
            total: 0, spread: 0, cpu: before.cpuPct, afterTotal: 0, afterSpread: 0, afterCPU: after.cpuPct,
            afterMemory: after.memoryPct, boost: 0, pressure: pressure)
    }
}
