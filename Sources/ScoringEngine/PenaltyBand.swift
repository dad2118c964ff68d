/// The ascending limits of one penalty family and the points above each: a value strictly
/// above `limits[i]` (and not above `limits[i + 1]`) earns `points[i]`.
struct PenaltyBands: Sendable {
    let limits: [Double]
    let points: [Double]

    init(limits: [Double], points: [Double]) {
        precondition(limits.count == points.count && limits == limits.sorted(), "bands must be ascending")
        self.limits = limits
        self.points = points
    }

    /// The band `value` falls in, as (points, limit), or `nil` below every band or at 0 points.
    func evaluate(_ value: Double) -> (points: Double, limit: Double)? {
        var index = limits.count - 1
        while index >= 0 {
            if value > limits[index] {
                return points[index] > 0 ? (points[index], limits[index]) : nil
            }
            index -= 1
        }
        return nil
    }
}
