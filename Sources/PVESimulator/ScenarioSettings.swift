import Foundation

/// How simulated time relates to real time.
public struct ScenarioClock: Codable, Sendable, Equatable {
    /// Sim time = start + speed × elapsed real time.
    public var speed: Double
    /// Days of RRD history before the start (older buckets carry only `time`).
    public var historyDays: Int
    /// Simulated epoch seconds at the simulator's start; nil = the real time at start.
    public var start: Double?

    public init(speed: Double = 1, historyDays: Int = 8, start: Double? = nil) {
        self.speed = speed
        self.historyDays = historyDays
        self.start = start
    }

    enum CodingKeys: String, CodingKey {
        case speed, start
        case historyDays = "history_days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        speed = try c.value("speed", default: 1)
        historyDays = try c.value("history_days", default: 8)
        start = try c.optional("start")
    }
}

/// Migration timing: duration = (base + transferred bytes / bandwidth) × time scale.
public struct ScenarioMigration: Codable, Sendable, Equatable {
    public var bandwidthMiBs: Double
    public var baseSeconds: Double
    /// Multiplies every migration duration (0.05 makes a 4 GiB migration take ~0.35 s).
    public var timeScale: Double
    /// The datacenter's `bwlimit` for migrations in KiB/s, served on `/cluster/options`; it caps
    /// the migrations' speed too (`nil`: no limit).
    public var bwlimitKiBs: Double?

    public init(bandwidthMiBs: Double = 1000, baseSeconds: Double = 3, timeScale: Double = 1, bwlimitKiBs: Double? = nil) {
        self.bandwidthMiBs = bandwidthMiBs
        self.baseSeconds = baseSeconds
        self.timeScale = timeScale
        self.bwlimitKiBs = bwlimitKiBs
    }

    enum CodingKeys: String, CodingKey {
        case bandwidthMiBs = "bandwidth_mib_s"
        case baseSeconds = "base_seconds"
        case timeScale = "time_scale"
        case bwlimitKiBs = "bwlimit_kib_s"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        bandwidthMiBs = try c.value("bandwidth_mib_s", default: 1000)
        baseSeconds = try c.value("base_seconds", default: 3)
        timeScale = try c.value("time_scale", default: 1)
        bwlimitKiBs = try c.value("bwlimit_kib_s", default: nil)
    }

    /// Bytes per second a migration copies: the bandwidth, capped by `bwlimitKiBs`.
    var bytesPerSecond: Double {
        min(bandwidthMiBs * mib, bwlimitKiBs.map { $0 * 1024 } ?? .infinity)
    }
}
