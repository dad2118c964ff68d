import Foundation

/// Run state of a guest.
enum GuestStatus: String, Sendable {
    case running, stopped, paused

    /// A process exists (running or paused).
    var hasProcess: Bool { self != .stopped }
}

/// Where a guest was from a given time on (the placement log used for node history).
struct Placement: Sendable {
    var since: Double
    var node: Int
}

/// The mutable state of one guest.
struct GuestRuntime: Sendable {
    var node: Int
    var status: GuestStatus
    var lock: String?
    /// Start of the current process: uptime and cumulative counters count from here.
    private(set) var processStart: Double
    /// Antiderivatives of the four counter rates at `processStart` (netin, netout, diskread, diskwrite).
    private(set) var counterOrigins: (Double, Double, Double, Double) = (0, 0, 0, 0)
    /// Oldest first; the first entry starts at -infinity.
    var placement: [Placement]
    /// HA `crm_state` (`started`, `migrate`, `stopped`) for HA-managed guests.
    var haState: String?
    /// Task id of the migration in progress, if any.
    var migrationTask: Int?

    init(model: GuestModel, node: Int, start: Double) {
        self.node = node
        let status = GuestStatus(rawValue: model.spec.status) ?? .running
        self.status = model.isTemplate ? .stopped : status
        lock = model.spec.lock
        processStart = start - model.initialUptime
        placement = [Placement(since: -.infinity, node: node)]
        if let ha = model.spec.ha, ha.managed {
            haState = ha.state == "disabled" ? "stopped" : ha.state
        }
        startProcess(at: processStart, model: model)
    }

    /// A new process (start, restart, migration): uptime and counters restart from `t`.
    mutating func startProcess(at t: Double, model: GuestModel) {
        processStart = t
        counterOrigins = (
            model.netIn.antiderivative(at: t), model.netOut.antiderivative(at: t),
            model.diskRead.antiderivative(at: t), model.diskWrite.antiderivative(at: t)
        )
    }

    /// The node the guest was on at time `t`.
    func node(at t: Double) -> Int {
        var result = placement[0].node
        for entry in placement where entry.since <= t { result = entry.node }
        return result
    }

    /// Sub-intervals of [start, end] the guest spent on `node`.
    func intervals(on node: Int, from start: Double, to end: Double) -> [(Double, Double)] {
        var result: [(Double, Double)] = []
        for (i, entry) in placement.enumerated() where entry.node == node {
            let until = i + 1 < placement.count ? placement[i + 1].since : .infinity
            let a = max(start, entry.since)
            let b = min(end, until)
            if b > a { result.append((a, b)) }
        }
        return result
    }
}
