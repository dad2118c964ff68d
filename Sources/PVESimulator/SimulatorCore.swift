import Foundation

/// All simulator state and behaviour; `PVESimulator` is the actor that owns one of these.
struct SimulatorCore: Sendable {
    let model: ClusterModel
    let clock: SimClock
    let sslFingerprint: String?
    var guests: [GuestRuntime]
    /// Current guests per node (indices into `guests`).
    var guestsOnNode: [[Int]]
    /// Guests that were ever on a node, in arrival order (for node history).
    var historicalGuests: [[Int]]
    var tasks: [SimTask] = []
    var taskByUPID: [String: Int] = [:]
    /// HA migrations requested and not yet started by the (simulated) LRM.
    var pendingHA: [PendingHAMigration] = []
    var faults = SimulatorFaults()
    var rng: SplitMix64
    var nextPID: Int
    /// Changes whenever cluster state visible in `/cluster/resources` changes.
    var revision = 0
    var resourcesCache: [String: (tick: Double, revision: Int, body: Data)] = [:]

    init(scenario unchecked: Scenario, sslFingerprint: String?, realStart: Date) {
        let scenario = unchecked.sanitized()
        let simStart = scenario.clock.start ?? realStart.timeIntervalSince1970
        clock = SimClock(realStart: realStart.timeIntervalSince1970, simStart: simStart, speed: scenario.clock.speed)
        model = ClusterModel(scenario: scenario, start: simStart)
        self.sslFingerprint = sslFingerprint
        var guests: [GuestRuntime] = []
        var onNode = Array(repeating: [Int](), count: model.nodes.count)
        for guest in model.guests {
            let node = model.nodeIndex[guest.spec.node] ?? 0
            guests.append(GuestRuntime(model: guest, node: node, start: simStart))
            onNode[node].append(guest.index)
        }
        self.guests = guests
        guestsOnNode = onNode
        historicalGuests = onNode
        rng = SplitMix64(seed: scenario.seed ^ 0x5EED)
        nextPID = 100_000 + Int(StableHash.unit(scenario.seed, 9) * 1_000_000)
    }

    // MARK: Cluster health

    /// True when the node is down (scenario or injected fault).
    func isOffline(_ node: Int) -> Bool {
        !model.nodes[node].spec.online || faults.offlineNodes.contains(model.nodes[node].name)
    }

    /// Quorum: forced by the faults or a strict majority of online nodes.
    var isQuorate: Bool {
        if let forced = faults.quorate { return forced }
        let online = model.nodes.indices.filter { !isOffline($0) }.count
        return online * 2 > model.nodes.count
    }

    // MARK: Faults

    /// Applies new faults at `now`; migrations touching a node that just went offline fail.
    mutating func setFaults(_ newFaults: SimulatorFaults, at now: Double) {
        advance(to: now)
        faults = newFaults
        faults.errorRate = min(1, max(0, newFaults.errorRate))
        faults.latencyMs = max(0, newFaults.latencyMs)
        revision += 1
        for index in tasks.indices where !tasks[index].finalized && tasks[index].isRunning(at: now) {
            guard let job = tasks[index].migration else { continue }
            for node in [job.source, job.target] where isOffline(node) {
                abortTask(index, at: now, reason: "online migrate failure - unable to reach node '\(model.nodes[node].name)': No route to host")
                break
            }
        }
        advance(to: now)
    }

    /// Draws whether this call fails because of the injected error rate.
    mutating func rollSimulatedFailure() -> Bool {
        if faults.failNextCalls > 0 {
            faults.failNextCalls -= 1
            return true
        }
        return faults.errorRate > 0 && rng.unit() < faults.errorRate
    }

    // MARK: Placement

    /// Moves a guest to `target` at time `t` (placement log, per-node lists).
    mutating func move(guest: Int, to target: Int, at t: Double) {
        let source = guests[guest].node
        guard source != target else { return }
        guestsOnNode[source].removeAll { $0 == guest }
        guestsOnNode[target].append(guest)
        if !historicalGuests[target].contains(guest) { historicalGuests[target].append(guest) }
        guests[guest].node = target
        guests[guest].placement.append(Placement(since: t, node: target))
        revision += 1
    }

    /// Current guests of a node ordered by vmid.
    func sortedGuests(on node: Int) -> [Int] {
        guestsOnNode[node].sorted { model.guests[$0].vmid < model.guests[$1].vmid }
    }

    /// A fresh pid for a worker task.
    mutating func allocatePID() -> Int {
        nextPID += 1 + Int(rng.next() % 97)
        return nextPID
    }
}

/// An HA migration the cluster resource manager will hand to the source node's LRM.
struct PendingHAMigration: Sendable {
    var guest: Int
    var source: Int
    var target: Int
    var startAt: Double
}
