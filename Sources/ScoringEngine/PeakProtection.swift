public import Contract
public import Foundation

/// `protect_running_workloads`' hold on a guest during its own detected CPU peak. Pure.
public enum PeakProtection {
    /// The sentence keeping `guest` in place because `trend` shows a daily (else weekly) cycle whose
    /// peak hours include `now`, or `nil` when it is not in a peak.
    public static func detail(_ guest: GuestState, trend: GuestTrend?, at now: Date) -> String? {
        guard let trend else { return nil }
        for cycle in [trend.cpu.dailyCycle, trend.cpu.weeklyCycle].compactMap({ $0 }) {
            guard let peak = cycle.peak(containing: now) else { continue }
            let span =
                cycle.periodHours == 24
                ? "daily peak at \(clock(peak.first))–\(clock(peak.last + 1)) UTC"
                : "weekly peak on \(weekHour(peak.first))–\(weekHour(peak.last + 1)) UTC"
            return "\(guest.label) runs its \(span); protect_running_workloads keeps it in place until it ends"
        }
        return nil
    }

    /// `hour` of the day as `HH:00` (24 reads as 00:00).
    static func clock(_ hour: Int) -> String {
        let value = hour % 24
        return (value < 10 ? "0" : "") + "\(value):00"
    }

    /// An hour of the week from Monday 00:00 as `Mon HH:00`.
    static func weekHour(_ hour: Int) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let value = hour % 168
        return "\(days[value / 24]) \(clock(value % 24))"
    }
}
