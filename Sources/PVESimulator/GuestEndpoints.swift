import Contract
import Foundation

extension SimulatorCore {
    /// Finds a guest addressed as `/nodes/{node}/{type}/{vmid}`; anything else is the
    /// "config does not exist" error Proxmox gives (also for a guest on another node).
    func guestIndex(node: Int, type: GuestType, vmid raw: String) throws -> Int {
        let vmid = try RequestParameters.vmid(raw)
        guard let index = model.guestIndex[vmid], model.guests[index].type == type, guests[index].node == node else {
            let path = GuestModel.configPath(node: model.nodes[node].name, type: type, vmid: raw)
            throw APIError.failure("Configuration file '\(path)' does not exist")
        }
        return index
    }

    /// `GET /nodes/{n}/qemu[?full=1]`.
    func qemuList(node: Int, parameters: RequestParameters, now: Double) throws -> SimResponse {
        let full = try parameters.bool("full") ?? false
        return APIResponse.data(capacity: 4_096) { json in
            json.beginArray()
            for index in sortedGuests(on: node) where model.guests[index].type == .qemu {
                writeQemuEntry(&json, guest: index, sample: sample(guest: index, at: now), full: full)
            }
            json.endArray()
        }
    }

    /// `GET /nodes/{n}/lxc` (vmid is a string before PVE 8.2).
    func lxcList(node: Int, now: Double) -> SimResponse {
        APIResponse.data(capacity: 4_096) { json in
            json.beginArray()
            for index in sortedGuests(on: node) where model.guests[index].type == .lxc {
                json.beginObject()
                writeLXCFields(&json, guest: index, sample: sample(guest: index, at: now))
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /nodes/{n}/{qemu|lxc}/{vmid}/status/current`.
    func guestStatus(guest index: Int, now: Double) -> SimResponse {
        let sample = sample(guest: index, at: now)
        return APIResponse.data { json in
            if model.guests[index].type == .qemu {
                writeQemuEntry(&json, guest: index, sample: sample, full: true, current: true)
            } else {
                json.beginObject()
                writeLXCFields(&json, guest: index, sample: sample, current: true)
                writeHA(&json, guest: index)
                json.endObject()
            }
        }
    }

    private func writeHA(_ json: inout JSONWriter, guest index: Int) {
        json.key("ha")
        json.beginObject()
        if let ha = model.guests[index].spec.ha, ha.managed {
            json.field("managed", 1)
            json.field("state", ha.state)
            json.fieldIfPresent("group", ha.group)
        } else {
            json.field("managed", 0)
        }
        json.endObject()
    }

    private func writeCommon(_ json: inout JSONWriter, guest index: Int, sample: GuestSample) {
        let guest = model.guests[index]
        let state = guests[index]
        json.field("name", guest.spec.name)
        json.field("cpus", guest.vcpus)
        json.field("maxmem", guest.maxmem)
        json.field("maxdisk", guest.maxdisk)
        json.field("cpu", sample.cpu)
        json.field("mem", sample.mem)
        json.field("netin", sample.netin)
        json.field("netout", sample.netout)
        json.field("diskread", sample.diskread)
        json.field("diskwrite", sample.diskwrite)
        json.field("uptime", sample.uptime)
        if state.status.hasProcess { json.field("pid", GuestConfig.pid(guest.key, processStart: state.processStart)) }
        if guest.isTemplate { json.field("template", 1) }
        json.fieldIfPresent("tags", guest.tagsText)
        json.fieldIfPresent("lock", state.lock)
    }

    private func writeQemuEntry(_ json: inout JSONWriter, guest index: Int, sample: GuestSample, full: Bool, current: Bool = false) {
        let guest = model.guests[index]
        let state = guests[index]
        json.beginObject()
        json.field("vmid", guest.vmid)
        json.field("status", state.status.hasProcess ? "running" : "stopped")
        json.field("disk", 0)
        writeCommon(&json, guest: index, sample: sample)
        if full {
            json.field("qmpstatus", state.status.rawValue)
            if state.status.hasProcess {
                let balloon = guest.spec.balloon == 0 ? 0 : guest.maxmem
                json.field("balloon", balloon)
                json.field("freemem", max(0, guest.maxmem - sample.mem))
                json.field("running-machine", "pc-i440fx-9.2+pve1")
                json.field("running-qemu", model.version.major >= 9 ? "10.0.2" : "9.2.0")
                json.key("ballooninfo")
                json.beginObject()
                json.field("actual", guest.maxmem)
                json.field("max_mem", guest.maxmem)
                json.field("total_mem", guest.maxmem)
                json.field("free_mem", max(0, guest.maxmem - sample.mem))
                json.field("last_update", Int(state.processStart) + sample.uptime)
                json.endObject()
                json.key("nics")
                json.beginObject()
                json.key("tap\(guest.vmid)i0")
                json.beginObject()
                json.field("netin", sample.netin)
                json.field("netout", sample.netout)
                json.endObject()
                json.endObject()
                json.key("blockstat")
                json.beginObject()
                let diskCount = max(1, guest.volumes.filter { $0.volid != nil && !$0.cdrom }.count)
                for volume in guest.volumes where volume.volid != nil {
                    let divisor = volume.cdrom ? 0 : diskCount
                    func part(_ total: Int) -> Int { divisor == 0 ? 0 : total / divisor }
                    json.key(volume.key)
                    json.beginObject()
                    json.field("rd_bytes", part(sample.diskread))
                    json.field("wr_bytes", part(sample.diskwrite))
                    json.field("rd_operations", part(sample.diskread / 4096))
                    json.field("wr_operations", part(sample.diskwrite / 4096))
                    json.endObject()
                }
                json.endObject()
                json.key("proxmox-support")
                json.beginObject()
                json.endObject()
            }
        }
        if current {
            writeHA(&json, guest: index)
            json.field("agent", 1)
            json.field("shares", 1000)
            if state.status.hasProcess, let balloon = guest.spec.balloon, balloon > 0 {
                json.field("balloon_min", balloon * Int(mib))
            }
        }
        json.endObject()
    }

    private func writeLXCFields(_ json: inout JSONWriter, guest index: Int, sample: GuestSample, current: Bool = false) {
        let guest = model.guests[index]
        if current || model.version.atLeast(8, 2) { json.field("vmid", guest.vmid) } else { json.field("vmid", String(guest.vmid)) }
        json.field("type", "lxc")
        json.field("status", guests[index].status.hasProcess ? "running" : "stopped")
        json.field("disk", sample.disk)
        json.field("maxswap", guest.maxswap)
        json.field("swap", 0)
        writeCommon(&json, guest: index, sample: sample)
    }
}
