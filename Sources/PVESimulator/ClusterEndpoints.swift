import Contract
import Foundation

extension SimulatorCore {
    /// `GET /cluster/status`.
    func clusterStatus() -> SimResponse {
        APIResponse.data { json in
            json.beginArray()
            json.beginObject()
            json.field("type", "cluster")
            json.field("id", "cluster")
            json.field("name", model.scenario.cluster)
            json.field("nodes", model.nodes.count)
            json.field("quorate", flag: isQuorate)
            json.field("version", 3 + model.nodes.count)
            json.endObject()
            for node in model.nodes {
                json.beginObject()
                json.field("type", "node")
                json.field("id", "node/\(node.name)")
                json.field("name", node.name)
                json.field("nodeid", node.nodeid)
                json.field("ip", node.ip)
                json.field("online", flag: !isOffline(node.index))
                json.field("local", flag: node.index == model.localNode)
                json.field("level", node.spec.level)
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /cluster/resources[?type=vm|node|storage|sdn]`, computed at 10 s ticks like pvestatd's
    /// broadcast and cached until the tick or the cluster state changes.
    mutating func clusterResources(parameters: RequestParameters, now: Double) throws -> SimResponse {
        let type = try parameters.choice("type", ["vm", "storage", "node", "sdn"]) ?? ""
        let tick = (now / 10).rounded(.down) * 10
        if let cached = resourcesCache[type], cached.tick == tick, cached.revision == revision {
            return SimResponse(status: 200, reason: "OK", body: cached.body)
        }
        let response = APIResponse.data(capacity: 512 * (model.guests.count + 4 * model.nodes.count) + 64) { json in
            json.beginArray()
            if type.isEmpty || type == "vm" {
                for index in model.guestsByVMID {
                    writeGuestResource(&json, guest: index, at: tick)
                }
            }
            if type.isEmpty || type == "node" {
                for node in model.nodes { writeNodeResource(&json, node: node.index, at: tick) }
            }
            if type.isEmpty || type == "storage" {
                for node in model.nodes {
                    for storage in node.storages { writeStorageResource(&json, node: node.index, storage: storage) }
                }
            }
            if type.isEmpty {
                for pool in Set(model.guests.compactMap(\.spec.pool)).sorted() {
                    json.beginObject()
                    json.field("id", "/pool/\(pool)")
                    json.field("type", "pool")
                    json.field("pool", pool)
                    json.endObject()
                }
            }
            json.endArray()
        }
        if let body = response.body { resourcesCache[type] = (tick, revision, body) }
        return response
    }

    private func writeGuestResource(_ json: inout JSONWriter, guest index: Int, at t: Double) {
        let guest = model.guests[index]
        let state = guests[index]
        let node = model.nodes[state.node]
        json.beginObject()
        json.field("id", "\(guest.type.rawValue)/\(guest.vmid)")
        json.field("type", guest.type.rawValue)
        json.field("vmid", guest.vmid)
        json.field("name", guest.spec.name)
        json.field("node", node.name)
        json.field("template", flag: guest.isTemplate)
        json.field("maxcpu", guest.vcpus)
        json.field("maxmem", guest.maxmem)
        json.field("maxdisk", guest.maxdisk)
        if isOffline(state.node) {
            json.field("status", "unknown")
        } else {
            let sample = sample(guest: index, at: t)
            json.field("status", state.status.rawValue)
            json.field("cpu", sample.cpu)
            json.field("mem", sample.mem)
            json.field("disk", sample.disk)
            json.field("netin", sample.netin)
            json.field("netout", sample.netout)
            json.field("diskread", sample.diskread)
            json.field("diskwrite", sample.diskwrite)
            json.field("uptime", sample.uptime)
        }
        json.fieldIfPresent("tags", guest.tagsText)
        json.fieldIfPresent("lock", state.lock)
        json.fieldIfPresent("hastate", state.haState)
        json.fieldIfPresent("pool", guest.spec.pool)
        json.endObject()
    }

    private func writeNodeResource(_ json: inout JSONWriter, node index: Int, at t: Double) {
        let node = model.nodes[index]
        json.beginObject()
        json.field("id", "node/\(node.name)")
        json.field("type", "node")
        json.field("node", node.name)
        json.field("level", node.spec.level)
        json.field("cgroup-mode", 2)
        json.field("maxcpu", node.threads)
        json.field("maxmem", node.memTotal)
        json.field("maxdisk", node.rootTotal)
        json.field("disk", node.rootUsed)
        if isOffline(index) {
            json.field("status", "offline")
        } else {
            let sample = sample(node: index, at: t)
            json.field("status", "online")
            json.field("cpu", sample.cpu)
            json.field("mem", sample.mem)
            json.field("uptime", sample.uptime)
        }
        json.endObject()
    }

    private func writeStorageResource(_ json: inout JSONWriter, node index: Int, storage storageIndex: Int) {
        let node = model.nodes[index]
        let storage = model.storages[storageIndex]
        json.beginObject()
        json.field("id", "storage/\(node.name)/\(storage.id)")
        json.field("type", "storage")
        json.field("storage", storage.id)
        json.field("node", node.name)
        json.field("plugintype", storage.spec.type)
        json.field("content", storage.spec.content)
        json.field("shared", flag: storage.spec.shared)
        if isOffline(index) {
            json.field("status", "unknown")
        } else {
            json.field("status", "available")
            json.field("disk", storage.usedBytes(nodeKey: node.key))
            json.field("maxdisk", storage.totalBytes)
        }
        json.endObject()
    }

    /// `GET /storage`: the datacenter storage configuration.
    func storageConfig() -> SimResponse {
        APIResponse.data { json in
            json.beginArray()
            for storage in model.storages {
                let spec = storage.spec
                json.beginObject()
                json.field("storage", spec.id)
                json.field("type", spec.type)
                json.field("content", spec.content)
                json.field("digest", StableHash.hex(model.scenario.seed, 0x5709, count: 40).lowercased())
                if let nodes = spec.nodes { json.field("nodes", nodes.joined(separator: ",")) }
                switch spec.type {
                case "lvmthin":
                    json.field("vgname", "pve")
                    json.field("thinpool", "data")
                case "lvm":
                    json.field("vgname", spec.id)
                case "zfspool":
                    json.field("pool", "rpool/data")
                    json.field("sparse", 1)
                case "nfs":
                    json.field("server", "10.0.0.50")
                    json.field("export", "/export/\(spec.id)")
                    json.field("path", "/mnt/pve/\(spec.id)")
                    json.field("options", "vers=4.2")
                case "cifs":
                    json.field("server", "10.0.0.50")
                    json.field("share", spec.id)
                    json.field("path", "/mnt/pve/\(spec.id)")
                case "rbd":
                    json.field("pool", spec.id)
                    json.field("krbd", 0)
                case "pbs":
                    json.field("server", "10.0.0.60")
                    json.field("datastore", spec.id)
                default:
                    json.field("path", spec.id == "local" ? "/var/lib/vz" : "/mnt/pve/\(spec.id)")
                }
                if ["dir", "lvm", "zfspool", "lvmthin", "btrfs"].contains(spec.type) { json.field("shared", flag: spec.shared) }
                json.endObject()
            }
            json.endArray()
        }
    }
}
