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
