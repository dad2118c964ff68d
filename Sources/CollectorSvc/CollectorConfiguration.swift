import ServiceRuntime

/// The collector's own settings (section `collector` of the configuration file).
public struct CollectorConfiguration: Sendable {
    /// Seconds between two collection cycles.
    public var intervalSeconds: Double = 60
    /// Proxmox API calls in flight at once.
    public var concurrency: Int = 8
    /// Every guest config is re-read at least once per this many cycles (new or changed guests
    /// at once), spread evenly over the cycles.
    public var configRefreshCycles: Int = 10
    /// Day and week RRD are re-read every this many cycles (hour RRD every cycle).
    public var historyRefreshCycles: Int = 5

    public init(intervalSeconds: Double = 60, concurrency: Int = 8, configRefreshCycles: Int = 10, historyRefreshCycles: Int = 5) {
        self.intervalSeconds = intervalSeconds
        self.concurrency = concurrency
        self.configRefreshCycles = configRefreshCycles
        self.historyRefreshCycles = historyRefreshCycles
    }

    /// Reads and validates the `collector.*` settings.
    public init(source: ConfigSource) throws {
        self.init(
            intervalSeconds: try source.double("collector.interval_seconds", default: 60, in: 1...86_400),
            concurrency: try source.int("collector.concurrency", default: 8, in: 1...64),
            configRefreshCycles: try source.int("collector.config_refresh_cycles", default: 10, in: 1...10_000),
            historyRefreshCycles: try source.int("collector.history_refresh_cycles", default: 5, in: 1...10_000))
    }
}
