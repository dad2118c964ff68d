public import Foundation

extension TrendCycle {
    /// The run of consecutive peak slots (hours of the day or of the week) that `date` falls in,
    /// as its first and last slot; `nil` when `date` is not in a peak hour.
    public func peak(containing date: Date) -> (first: Int, last: Int)? {
        let hour = Self.hourIndex(date)
        let slot = periodHours == 24 ? Self.hourOfDay(hour) : Self.hourOfWeek(hour)
        let peaks = Set(peakHours)
        guard peaks.contains(slot) else { return nil }
        var first = slot
        var last = slot
        var length = 1
        while length < periodHours, peaks.contains((first - 1 + periodHours) % periodHours) {
            first = (first - 1 + periodHours) % periodHours
            length += 1
        }
        while length < periodHours, peaks.contains((last + 1) % periodHours) {
            last = (last + 1) % periodHours
            length += 1
        }
        return (first, last)
    }
}
