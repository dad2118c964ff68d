import Foundation

/// The simulated Proxmox VE cluster: answers API requests (`handle`) from the scenario model
/// and its simulated clock. Time-driven effects (migration progress, HA hand-over) are applied
/// lazily whenever the simulator is called, so no background work is needed.
public actor PVESimulator {
    private var core: SimulatorCore
    private let now: @Sendable () -> Date

    /// Creates a simulator; `sslFingerprint` is what `/nodes` reports, `now` the real clock
    /// (simulated time = scenario start + speed × elapsed real time).
    public init(scenario: Scenario, sslFingerprint: String? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
        core = SimulatorCore(scenario: scenario, sslFingerprint: sslFingerprint, realStart: now())
    }

    private var simNow: Double { core.clock.simTime(now()) }

    /// Answers one API request (path below `/api2/json`) the way Proxmox VE would.
    public func handle(_ request: SimRequest) -> SimResponse {
        core.handle(request, at: simNow)
    }

    /// The faults currently injected.
    public func faults() -> SimulatorFaults { core.faults }

    /// Replaces the injected faults (migrations touching a node that goes offline fail).
    public func setFaults(_ faults: SimulatorFaults) {
        core.setFaults(faults, at: simNow)
    }

    /// Whether the answer to this migrate call of `vmid` is to be lost (`lose_migrate_answers`);
    /// uses the entry up.
    public func takeLostMigrateAnswer(_ vmid: Int) -> Bool {
        guard let position = core.faults.loseMigrateAnswers.firstIndex(of: vmid) else { return false }
        core.faults.loseMigrateAnswers.remove(at: position)
        return true
    }

    /// JSON for `GET /simulator/state`: nodes (guest counts, cpu %, mem %), running tasks, faults.
    public func stateSummary() -> Data {
        let time = simNow
        core.advance(to: time)
        return core.stateSummary(at: time)
    }
}
