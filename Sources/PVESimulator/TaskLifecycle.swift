import Contract
import Foundation

extension SimulatorCore {
    /// Applies everything due up to `now` in time order: finished tasks move guests, pending HA
    /// migrations start their real task.
    mutating func advance(to now: Double) {
        while true {
            var nextTime = Double.infinity
            var nextTask: Int?
            var nextHA: Int?
            for index in tasks.indices where !tasks[index].finalized && tasks[index].end <= now && tasks[index].end < nextTime {
                nextTime = tasks[index].end
                nextTask = index
            }
            for (index, pending) in pendingHA.enumerated() where pending.startAt <= now && pending.startAt < nextTime {
                nextTime = pending.startAt
                nextHA = index
                nextTask = nil
            }
            if let nextHA {
                let pending = pendingHA.remove(at: nextHA)
                startHAMigration(pending)
            } else if let nextTask {
                finalize(task: nextTask)
            } else {
                return
            }
        }
    }

    /// Registers a task and returns its UPID.
    mutating func addTask(
        node: Int, type: String, id: String, user: String, start: Double, plan: MigrationPlan,
        migration: MigrationJob?
    ) -> String {
        let pid = allocatePID()
        let pstart = Int((start - model.nodes[node].bootTime) * 100)
        let upid = SimTask.upid(
            node: model.nodes[node].name, pid: pid, pstart: pstart, starttime: Int(start.rounded(.down)),
            type: type, id: id, user: user)
        let task = SimTask(
            upid: upid, node: node, pid: pid, pstart: pstart, start: start, type: type, id: id, user: user,
            lines: plan.lines, end: plan.end, exitStatus: plan.exitStatus, migration: migration)
        taskByUPID[upid] = tasks.count
        tasks.append(task)
        revision += 1
        return upid
    }

    /// Plans and starts a `qmigrate`/`vzmigrate` task; sets the migrate lock.
    mutating func startMigration(
        guest index: Int, target: Int, withLocalDisks: Bool, user: String, at start: Double,
        haTriggered: Bool
    ) -> String {
        let guest = model.guests[index]
        let source = guests[index].node
        let running = guests[index].status.hasProcess
        var injectFailure = false
        if let position = faults.failMigrations.firstIndex(of: guest.vmid) {
            faults.failMigrations.remove(at: position)
            injectFailure = true
        }
        var localVolumes: [MigrationRequest.Volume] = []
        var sharedVolumes: [MigrationRequest.Volume] = []
        for volume in guest.volumes where !volume.cdrom {
            guard let storageIndex = volume.storage, let volid = volume.volid else { continue }
            let storage = model.storages[storageIndex]
            let entry = MigrationRequest.Volume(key: volume.key, volid: volid, storage: storage.id, size: Double(volume.sizeBytes))
            if storage.spec.shared { sharedVolumes.append(entry) } else { localVolumes.append(entry) }
        }
        let binds = guest.volumes.compactMap(\.mountPoint).filter(\.isBind)
        let request = MigrationRequest(
            vmid: guest.vmid, type: guest.type, target: model.nodes[target].name, targetIP: model.nodes[target].ip,
            running: running, withLocalDisks: withLocalDisks, localVolumes: localVolumes, sharedVolumes: sharedVolumes,
            sharedBinds: binds.filter(\.shared).map { ($0.key, $0.source ?? $0.mp) },
            unsharedBind: binds.first { !$0.shared }?.key,
            memoryTotal: Double(guest.maxmem), memoryUsed: max(256 * mib, max(0, guest.mem.value(at: start))),
            haTriggered: haTriggered, targetOffline: isOffline(target), injectFailure: injectFailure,
            settings: model.scenario.migration, start: start)
        let plan = MigrationPlanner.plan(request)
        let restarts = guest.type == .lxc && running && request.unsharedBind == nil && !isOffline(target)
        let job = MigrationJob(guest: index, source: source, target: target, restartsContainer: restarts)
        let upid = addTask(
            node: source, type: guest.type == .qemu ? "qmigrate" : "vzmigrate", id: String(guest.vmid),
            user: user, start: start, plan: plan, migration: job)
        guests[index].lock = "migrate"
        guests[index].migrationTask = taskByUPID[upid]
        if restarts { guests[index].status = .stopped }
        if guest.isHAManaged { guests[index].haState = "migrate" }
        return upid
    }

    /// The LRM on the source node starts the real migration of an HA request.
    private mutating func startHAMigration(_ pending: PendingHAMigration) {
        guard guests[pending.guest].migrationTask == nil, guests[pending.guest].node == pending.source else {
            guests[pending.guest].haState = "started"
            return
        }
        _ = startMigration(
            guest: pending.guest, target: pending.target, withLocalDisks: false, user: "root@pam",
            at: pending.startAt, haTriggered: true)
    }

    /// Applies a finished task's effects (guest moves on success, lock cleared either way).
    private mutating func finalize(task index: Int) {
        tasks[index].finalized = true
        guard let job = tasks[index].migration else { return }
        let end = tasks[index].end
        let success = tasks[index].exitStatus == "OK"
        guests[job.guest].lock = nil
        guests[job.guest].migrationTask = nil
        if success {
            move(guest: job.guest, to: job.target, at: end)
            if guests[job.guest].status.hasProcess { guests[job.guest].startProcess(at: end, model: model.guests[job.guest]) }
        }
        if job.restartsContainer {
            guests[job.guest].status = .running
            guests[job.guest].startProcess(at: end, model: model.guests[job.guest])
        }
        if model.guests[job.guest].isHAManaged { guests[job.guest].haState = "started" }
        revision += 1
    }

    /// Ends a running migration at `now` with an error (source or target went offline).
    mutating func abortTask(_ index: Int, at now: Double, reason: String) {
        var task = tasks[index]
        task.lines = task.lines.filter { $0.at <= now } + TaskLogFormat.abortedMigration(start: task.start, at: now, reason: reason)
        task.end = now
        task.exitStatus = "migration aborted"
        tasks[index] = task
    }
}
