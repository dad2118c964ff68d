import Foundation

/// Derives guest disk and network rates from Proxmox's cumulative counters between two
/// cycles, instead of one RRD call per guest per cycle. Pure.
struct CounterSample: Sendable, Equatable {
    var node: String
    var uptime: Int
    var netIn: Int
    var netOut: Int
    var diskRead: Int
    var diskWrite: Int
    var at: Date
}

/// Bytes per second between two samples of one guest.
struct CounterRates: Sendable, Equatable {
    var netIn: Double
    var netOut: Double
    var diskRead: Double
    var diskWrite: Double

    /// The rates from `previous` to `current`, or `nil` when they cannot be trusted: the guest
    /// moved or restarted (counters restart from zero), a counter went backwards, or no time passed.
    init?(from previous: CounterSample, to current: CounterSample) {
        let seconds = current.at.timeIntervalSince(previous.at)
        guard seconds > 0, previous.node == current.node, current.uptime >= previous.uptime,
            current.netIn >= previous.netIn, current.netOut >= previous.netOut,
            current.diskRead >= previous.diskRead, current.diskWrite >= previous.diskWrite
        else { return nil }
        netIn = Double(current.netIn - previous.netIn) / seconds
        netOut = Double(current.netOut - previous.netOut) / seconds
        diskRead = Double(current.diskRead - previous.diskRead) / seconds
        diskWrite = Double(current.diskWrite - previous.diskWrite) / seconds
    }
}
