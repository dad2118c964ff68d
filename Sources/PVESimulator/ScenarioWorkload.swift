import Foundation

/// A periodic burst: the load rises by `extra` (relative to the base) for `durationMinutes`
/// every `periodHours`, starting at the workload's peak hour.
public struct ScenarioBurst: Codable, Sendable, Equatable {
    public var periodHours: Double
    public var durationMinutes: Double
    public var extra: Double

    public init(periodHours: Double = 24, durationMinutes: Double = 30, extra: Double = 1) {
        self.periodHours = periodHours
        self.durationMinutes = durationMinutes
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey {
        case extra
        case periodHours = "period_hours"
        case durationMinutes = "duration_minutes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        periodHours = try c.value("period_hours", default: 24)
        durationMinutes = try c.value("duration_minutes", default: 30)
        extra = try c.value("extra", default: 1)
    }
}

/// The deterministic load model of one guest.
public struct ScenarioWorkload: Codable, Sendable, Equatable {
    /// Mean CPU use as a fraction of the guest's own vCPUs.
    public var cpu: Double
    /// Relative amplitude of the daily cycle (0.1 = ±10 %).
    public var dailyAmplitude: Double
    /// Hour of day (UTC) of the daily maximum.
    public var peakHour: Double
    /// Relative amplitude of the weekly cycle (peak on Wednesdays).
    public var weeklyAmplitude: Double
    /// Relative growth per day since the simulation start.
    public var trendPerDay: Double
    /// Relative amplitude of the minute-to-minute noise.
    public var noise: Double
    public var burst: ScenarioBurst?
    /// Share of the configured memory in use.
    public var memUsedFraction: Double
    public var diskReadBps: Double
    public var diskWriteBps: Double
    public var netInBps: Double
    public var netOutBps: Double
    /// Host iowait fraction this guest adds at its mean disk activity.
    public var iowaitContribution: Double

    public init(
        cpu: Double = 0.1, dailyAmplitude: Double = 0.2, peakHour: Double = 14, weeklyAmplitude: Double = 0,
        trendPerDay: Double = 0, noise: Double = 0.05, burst: ScenarioBurst? = nil, memUsedFraction: Double = 0.6,
        diskReadBps: Double = 50_000, diskWriteBps: Double = 30_000, netInBps: Double = 100_000,
        netOutBps: Double = 50_000, iowaitContribution: Double = 0.001
    ) {
        self.cpu = cpu
        self.dailyAmplitude = dailyAmplitude
        self.peakHour = peakHour
        self.weeklyAmplitude = weeklyAmplitude
        self.trendPerDay = trendPerDay
        self.noise = noise
        self.burst = burst
        self.memUsedFraction = memUsedFraction
        self.diskReadBps = diskReadBps
        self.diskWriteBps = diskWriteBps
        self.netInBps = netInBps
        self.netOutBps = netOutBps
        self.iowaitContribution = iowaitContribution
    }

    enum CodingKeys: String, CodingKey {
        case cpu, noise, burst
        case dailyAmplitude = "daily_amplitude"
        case peakHour = "peak_hour"
        case weeklyAmplitude = "weekly_amplitude"
        case trendPerDay = "trend_per_day"
        case memUsedFraction = "mem_used_fraction"
        case diskReadBps = "disk_read_bps"
        case diskWriteBps = "disk_write_bps"
        case netInBps = "net_in_bps"
        case netOutBps = "net_out_bps"
        case iowaitContribution = "iowait_contribution"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        let d = ScenarioWorkload()
        cpu = try c.value("cpu", default: d.cpu)
        dailyAmplitude = try c.value("daily_amplitude", default: d.dailyAmplitude)
        peakHour = try c.value("peak_hour", default: d.peakHour)
        weeklyAmplitude = try c.value("weekly_amplitude", default: d.weeklyAmplitude)
        trendPerDay = try c.value("trend_per_day", default: d.trendPerDay)
        noise = try c.value("noise", default: d.noise)
        burst = try c.optional("burst")
        memUsedFraction = try c.value("mem_used_fraction", default: d.memUsedFraction)
        diskReadBps = try c.value("disk_read_bps", default: d.diskReadBps)
        diskWriteBps = try c.value("disk_write_bps", default: d.diskWriteBps)
        netInBps = try c.value("net_in_bps", default: d.netInBps)
        netOutBps = try c.value("net_out_bps", default: d.netOutBps)
        iowaitContribution = try c.value("iowait_contribution", default: d.iowaitContribution)
    }
}
