import Contract
import Foundation

extension SimulatorCore {
    /// `GET /nodes/{n}/qemu/{vmid}/migrate`: preconditions with underscored keys.
    func qemuMigratePreconditions(node: Int, guest index: Int) throws -> SimResponse {
        guard isQuorate else { throw APIError.failure("cluster not ready - no quorum?") }
        let guest = model.guests[index]
        if let lock = guests[index].lock { throw APIError.failure("VM is locked (\(lock))") }
        let running = guests[index].status.hasProcess
        return APIResponse.data { json in
            json.beginObject()
            json.field("running", flag: running)
            var allowed: [String] = []
            json.key("not_allowed_nodes")
            json.beginObject()
            for other in model.nodes where other.index != node {
                let missing = Set(
                    guest.volumes.compactMap { volume -> String? in
                        guard let storage = volume.storage, !model.node(other.index, has: storage) else { return nil }
                        return model.storages[storage].id
                    }
                ).sorted()
                json.key(other.name)
                json.beginObject()
                if missing.isEmpty {
                    allowed.append(other.name)
                } else {
                    json.key("unavailable_storages")
                    json.stringArray(missing)
                }
                json.endObject()
            }
            json.endObject()
            json.key("allowed_nodes")
            json.stringArray(allowed)
            json.key("local_disks")
            json.beginArray()
            for volume in guest.volumes {
                guard let storage = volume.storage, let volid = volume.volid, !model.storages[storage].spec.shared else { continue }
                json.beginObject()
                json.field("volid", volid)
                json.field("size", volume.sizeBytes)
                json.field("cdrom", flag: volume.cdrom)
                json.field("is_unused", flag: false)
                json.field("is_attached", flag: true)
                json.field("is_cloudinit", flag: false)
                json.field("is_vmstate", flag: false)
                json.field("is_tpmstate", flag: false)
                json.field("replicate", flag: true)
                json.field("shared", flag: false)
                json.field("drivename", volume.key)
                json.endObject()
            }
            json.endArray()
            json.key("local_resources")
            json.stringArray(guest.localResources)
            json.key("mapped-resources")
            json.stringArray([])
            json.key("mapped-resource-info")
            json.beginObject()
            json.endObject()
            json.field("has-dbus-vmstate", flag: true)
            if guest.isHAManaged {
                json.key("dependent-ha-resources")
                json.stringArray([])
            }
            json.endObject()
        }
    }

    /// `GET /nodes/{n}/lxc/{vmid}/migrate` (PVE 9 only): dashed keys, no storage analysis.
    func lxcMigratePreconditions(node: Int, guest index: Int) throws -> SimResponse {
        guard isQuorate else { throw APIError.failure("cluster not ready - no quorum?") }
        if let lock = guests[index].lock { throw APIError.failure("CT is locked (\(lock))") }
        let others = model.nodes.filter { $0.index != node }.map(\.name)
        return APIResponse.data { json in
            json.beginObject()
            json.field("running", flag: guests[index].status.hasProcess)
            json.key("allowed-nodes")
            json.stringArray(others)
            json.key("not-allowed-nodes")
            json.beginObject()
            json.endObject()
            if model.guests[index].isHAManaged {
                json.key("dependent-ha-resources")
                json.stringArray([])
            }
            json.endObject()
        }
    }

    /// `POST /nodes/{n}/{qemu|lxc}/{vmid}/migrate`: Proxmox's synchronous checks, then a task.
    mutating func postMigrate(
        node: Int, type: GuestType, vmid rawVMID: String, parameters: RequestParameters,
        at now: Double
    ) throws -> SimResponse {
        let qemuParameters: Set<String> = [
            "target", "online", "force", "migration_type", "migration_network", "with-local-disks",
            "targetstorage", "bwlimit", "with-conntrack-state",
        ]
        let lxcParameters: Set<String> = ["target", "online", "restart", "timeout", "bwlimit", "target-storage"]
        _ = try RequestParameters.vmid(rawVMID)
        try parameters.rejectUnknown(allowed: (type == .qemu ? qemuParameters : lxcParameters).union(["node", "vmid", "user"]))
        let targetName = try parameters.required("target")
        let online = try parameters.bool("online") ?? false
        let force = try parameters.bool("force") ?? false
        let restart = try parameters.bool("restart") ?? false
        let withLocalDisks = try parameters.bool("with-local-disks") ?? false
        _ = try parameters.number("bwlimit", minimum: 0)
        _ = try parameters.int("timeout")
        _ = try parameters.choice("migration_type", ["secure", "insecure"])
        let user = parameters.string("user") ?? "root@pam"

        guard targetName != model.nodes[node].name else { throw APIError.parameters(["target": "target is local node."]) }
        guard isQuorate else { throw APIError.failure("cluster not ready - no quorum?") }
        guard let target = model.nodeIndex[targetName] else { throw APIError.failure("no such cluster node '\(targetName)'") }
        if force && user.split(separator: "!").first != "root@pam" {
            throw APIError.parameters(["force": "Only root may use this option."])
        }
        let index = try guestIndex(node: node, type: type, vmid: rawVMID)
        let guest = model.guests[index]
        if let lock = guests[index].lock { throw APIError.failure("\(guest.kindLabel) is locked (\(lock))") }
        guard !isOffline(target) else { throw APIError.failure("Can't connect to destination address using public key") }
        let running = guests[index].status.hasProcess
        if type == .qemu {
            if running && !online { throw APIError.failure("can't migrate running VM without --online") }
            for volume in guest.volumes {
                guard let storage = volume.storage, !model.node(target, has: storage) else { continue }
                throw APIError.failure("storage '\(model.storages[storage].id)' is not available on node '\(targetName)'")
            }
            if !guest.localResources.isEmpty && (!force || running) {
                throw APIError.failure("can't migrate VM which uses local devices: \(guest.localResources.joined(separator: ", "))")
            }
        } else if running {
            if online { throw APIError.failure("lxc live migration is currently not implemented") }
            if !restart { throw APIError.failure("can't migrate running container without --online or --restart") }
        }

        let upid: String
        if guest.isHAManaged {
            upid = requestHAMigration(guest: index, target: target, user: user, at: now)
        } else {
            upid = startMigration(guest: index, target: target, withLocalDisks: withLocalDisks, user: user, at: now, haTriggered: false)
        }
        return APIResponse.data { $0.string(upid) }
    }

    /// An `hamigrate` task that only forwards the request to the HA stack and ends at once.
    private mutating func requestHAMigration(guest index: Int, target: Int, user: String, at now: Double) -> String {
        let guest = model.guests[index]
        let source = guests[index].node
        let line = "Requesting HA migration for \(guest.kindLabel) \(guest.vmid) to node \(model.nodes[target].name)"
        let plan = MigrationPlan(lines: [TaskLogLine(at: now, text: line), TaskLogLine(at: now, text: "TASK OK")], end: now, exitStatus: "OK")
        let upid = addTask(node: source, type: "hamigrate", id: String(guest.vmid), user: user, start: now, plan: plan, migration: nil)
        pendingHA.removeAll { $0.guest == index }
        pendingHA.append(
            PendingHAMigration(
                guest: index, source: source, target: target,
                startAt: now + 1.0 * model.scenario.migration.timeScale))
        guests[index].haState = "migrate"
        revision += 1
        return upid
    }
}
