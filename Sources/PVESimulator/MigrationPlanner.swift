import Contract
import Foundation

/// Everything the planner needs to know about one migration.
struct MigrationRequest: Sendable {
    /// A volume copied to the target.
    struct Volume: Sendable {
        var key: String
        var volid: String
        var storage: String
        var size: Double
    }

    var vmid: Int
    var type: GuestType
    var target: String
    var targetIP: String
    var running: Bool
    var withLocalDisks: Bool
    var localVolumes: [Volume]
    var sharedVolumes: [Volume]
    /// Shared bind mount points (key, host path), ignored by the migration.
    var sharedBinds: [(String, String)]
    /// First bind mount point without `shared=1` (the migration fails in prepare).
    var unsharedBind: String?
    var memoryTotal: Double
    var memoryUsed: Double
    var haTriggered: Bool
    /// The target cannot be reached (fails at once in prepare).
    var targetOffline: Bool
    var injectFailure: Bool
    var settings: ScenarioMigration
    var start: Double
}

/// The log lines and outcome of a migration task, computed up front.
struct MigrationPlan: Sendable {
    var lines: [TaskLogLine] = []
    var end: Double = 0
    var exitStatus = "OK"
}

/// Builds `qmigrate`/`vzmigrate` logs with Proxmox's real progress lines. Times advance in
/// unscaled seconds and are multiplied by the scenario's `time_scale`.
struct MigrationPlanner {
    private let request: MigrationRequest
    private var plan = MigrationPlan()
    private var offset = 0.0
    private let bandwidth: Double

    private init(_ request: MigrationRequest) {
        self.request = request
        bandwidth = request.settings.bytesPerSecond
    }

    static func plan(_ request: MigrationRequest) -> MigrationPlan {
        var planner = MigrationPlanner(request)
        if request.haTriggered { planner.raw("task started by HA resource agent") }
        if request.targetOffline {
            planner.abort("Can't connect to destination address using public key")
        } else if request.type == .qemu {
            planner.planQemu()
        } else {
            planner.planContainer()
        }
        return planner.plan
    }

    // MARK: Building blocks

    private var now: Double { request.start + offset * request.settings.timeScale }
    private var setupSeconds: Double { request.settings.baseSeconds * 2 / 3 }
    private var finishSeconds: Double { request.settings.baseSeconds / 3 }

    private mutating func log(_ text: String) { plan.lines.append(TaskLogLine(at: now, text: TaskLogFormat.timestamp(now) + " " + text)) }
    private mutating func raw(_ text: String) { plan.lines.append(TaskLogLine(at: now, text: text)) }
    private mutating func wait(_ seconds: Double) { offset += max(0, seconds) }
    private var elapsed: String { TaskLogFormat.duration(offset * request.settings.timeScale) }

    private mutating func succeed() {
        log("migration finished successfully (duration \(elapsed))")
        raw("TASK OK")
        plan.end = now
        plan.exitStatus = "OK"
    }

    private mutating func abort(_ reason: String) {
        plan.lines += TaskLogFormat.abortedMigration(start: request.start, at: now, reason: reason)
        plan.end = now
        plan.exitStatus = "migration aborted"
    }

    /// Emits one progress line per (unscaled) second of a transfer of `total` bytes.
    /// Returns false when the injected failure interrupts it half-way.
    private mutating func transfer(_ total: Double, line: (Double, Double, Double) -> String) -> Bool {
        let seconds = max(0.2, total / bandwidth)
        let steps = Int(seconds.rounded(.up))
        let stride = max(1, steps / 120)
        var done = 0.0
        var second = stride
        while second < steps {
            let jitter = 0.85 + 0.3 * StableHash.unit(UInt64(request.vmid), UInt64(second))
            let rate = bandwidth * jitter
            done = min(total, done + rate * Double(stride))
            wait(Double(stride))
            log(line(done, rate, Double(second)))
            if request.injectFailure && second >= steps / 2 { return false }
            second += stride
        }
        wait(seconds - Double(second - stride))
        return !request.injectFailure
    }

    private static func percent(_ part: Double, _ total: Double) -> String {
        String(format: "%.2f%%", total > 0 ? part / total * 100 : 100)
    }

    /// Copies local volumes; returns the failure reason when the injected failure hits.
    private mutating func copyVolumes() -> String? {
        for volume in request.localVolumes {
            let completed = transfer(volume.size) { done, _, _ in
                "transferred \(TaskLogFormat.bytes(done)) of \(TaskLogFormat.bytes(volume.size)) (\(Self.percent(done, volume.size)))"
            }
            guard completed else {
                return "storage migration for '\(volume.volid)' to storage '\(volume.storage)' failed - command 'pvesm import' failed: exit code 255"
            }
            log("transferred \(TaskLogFormat.bytes(volume.size)) of \(TaskLogFormat.bytes(volume.size)) (100.00%)")
            log("successfully imported '\(volume.volid)'")
            log("volume '\(volume.volid)' is '\(volume.volid)' on the target")
        }
        if request.localVolumes.isEmpty && request.injectFailure {
            return "Failed to move config to node '\(request.target)' - rename failed: Device or resource busy"
        }
        return nil
    }

    // MARK: QEMU

    private mutating func planQemu() {
        let vmid = request.vmid
        log("starting migration of VM \(vmid) to node '\(request.target)' (\(request.targetIP))")
        for volume in request.localVolumes { log("found local disk '\(volume.volid)' (attached)") }
        guard request.running else { return planQemuOffline() }

        if !request.localVolumes.isEmpty && !request.withLocalDisks {
            for volume in request.localVolumes {
                log("can't migrate local disk '\(volume.volid)': can't live migrate attached local disks without with-local-disks option")
            }
            let reason = "Problem found while scanning volumes - can't migrate VM - check log"
            log("ERROR: \(reason)")
            log("aborting phase 1 - cleanup resources")
            wait(1)
            return abort(reason)
        }
        log("starting VM \(vmid) on remote node '\(request.target)'")
        wait(setupSeconds / 2)
        log("start remote tunnel")
        wait(setupSeconds / 2)
        log("ssh tunnel ver 1")
        if !mirrorDisks() { return }

        let socket = "unix:/run/qemu-server/\(vmid).migrate"
        log("starting online/live migration on \(socket)")
        log("set migration capabilities")
        log("migration downtime limit: 100 ms")
        log("migration cachesize: \(TaskLogFormat.bytes(max(64 * mib, request.memoryTotal / 8)))")
        log("set migration parameters")
        log("start migrate command to \(socket)")
        let total = request.memoryTotal
        let completed = transfer(request.memoryUsed) { done, rate, _ in
            "migration active, transferred \(TaskLogFormat.bytes(done)) of \(TaskLogFormat.bytes(total)) VM-state, \(TaskLogFormat.bytes(rate))/s"
        }
        guard completed else {
            log("migration status error: failed")
            log("ERROR: online migrate failure - VM \(vmid) qmp command 'migrate' failed - aborting")
            log("aborting phase 2 - cleanup resources")
            log("migrate_cancel")
            return abort("online migrate failure - VM \(vmid) qmp command 'migrate' failed - aborting")
        }
        let downtime = 40 + Int(StableHash.unit(UInt64(vmid), 77) * 60)
        log("average migration speed: \(TaskLogFormat.bytes(bandwidth * 0.93))/s - downtime \(downtime) ms")
        log("migration completed, transferred \(TaskLogFormat.bytes(request.memoryUsed)) VM-state")
        log("migration status: completed")
        for volume in request.localVolumes {
            log("mirror-\(volume.key): Completing block job...")
            log("mirror-\(volume.key): Completed successfully.")
            log("mirror-\(volume.key): mirror-job finished")
        }
        wait(finishSeconds)
        succeed()
    }

    /// Live storage migration of local disks (`with-local-disks`).
    private mutating func mirrorDisks() -> Bool {
        guard !request.localVolumes.isEmpty else { return true }
        for volume in request.localVolumes {
            let completed = transfer(volume.size) { done, _, second in
                "mirror-\(volume.key): transferred \(TaskLogFormat.bytes(done)) of \(TaskLogFormat.bytes(volume.size)) (\(Self.percent(done, volume.size))) in \(Int(second))s"
            }
            guard completed else {
                log("mirror-\(volume.key): Cancelling block job")
                log("ERROR: online migrate failure - block job (mirror) error: mirror-\(volume.key): Input/output error (io-status: ok)")
                log("aborting phase 2 - cleanup resources")
                abort("online migrate failure - block job (mirror) error: mirror-\(volume.key): Input/output error (io-status: ok)")
                return false
            }
            log(
                "mirror-\(volume.key): transferred \(TaskLogFormat.bytes(volume.size)) of \(TaskLogFormat.bytes(volume.size)) (100.00%) in \(Int(volume.size / bandwidth))s, ready"
            )
        }
        log("all 'mirror' jobs are ready")
        return true
    }

    private mutating func planQemuOffline() {
        wait(setupSeconds)
        if !request.localVolumes.isEmpty { log("copying local disk images") }
        if let reason = copyVolumes() {
            log("ERROR: \(reason)")
            log("aborting phase 1 - cleanup resources")
            return abort(reason)
        }
        wait(finishSeconds)
        succeed()
    }

    // MARK: LXC

    private mutating func planContainer() {
        let vmid = request.vmid
        if let key = request.unsharedBind {
            wait(0.2)
            return abort("cannot migrate local bind mount point '\(key)'")
        }
        if request.running {
            log("shutdown CT \(vmid)")
            wait(setupSeconds / 2)
        }
        log("starting migration of CT \(vmid) to node '\(request.target)' (\(request.targetIP))")
        for volume in request.sharedVolumes { log("volume '\(volume.volid)' is on shared storage '\(volume.storage)'") }
        for (key, path) in request.sharedBinds { log("ignoring shared 'bind' mount point '\(key)' ('\(path)')") }
        for volume in request.localVolumes { log("found local volume '\(volume.volid)' (in current VM config)") }
        wait(setupSeconds / 2)
        if let reason = copyVolumes() {
            log("ERROR: \(reason)")
            log("aborting phase 1 - cleanup resources")
            log("start final cleanup")
            if request.running { log("start container on source node") }
            return abort(reason)
        }
        log("start final cleanup")
        if request.running { log("start container on target node") }
        wait(finishSeconds)
        succeed()
    }
}
