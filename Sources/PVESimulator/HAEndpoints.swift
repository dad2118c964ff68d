import Contract
import Foundation

extension SimulatorCore {
    /// HA-managed guests ordered by vmid.
    private var haGuests: [Int] {
        model.guestsByVMID.filter { model.guests[$0].isHAManaged }
    }

    /// `GET /cluster/ha/resources[?type=vm|ct]`.
    func haResources(parameters: RequestParameters) throws -> SimResponse {
        let type = try parameters.choice("type", ["ct", "vm"])
        return APIResponse.data { json in
            json.beginArray()
            for index in haGuests {
                let guest = model.guests[index]
                let kind = guest.type == .qemu ? "vm" : "ct"
                if let type, type != kind { continue }
                json.beginObject()
                json.field("sid", guest.haSID)
                json.field("type", kind)
                json.field("state", guest.spec.ha?.state ?? "started")
                json.fieldIfPresent("group", guest.spec.ha?.group)
                json.field("max_restart", 1)
                json.field("max_relocate", 1)
                json.field("failback", 1)
                json.field("digest", GuestConfig.digest(guest.key, lock: "ha"))
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /cluster/ha/rules` (PVE 9), with the digest Proxmox adds.
    func haRules() -> SimResponse {
        APIResponse.data { json in
            json.beginArray()
            for rule in model.scenario.haRules {
                json.beginObject()
                json.field("rule", rule.rule)
                json.field("type", rule.type)
                json.field("resources", rule.resources)
                json.fieldIfPresent("nodes", rule.nodes)
                if rule.type == "node-affinity" { json.field("strict", rule.strict ? 1 : 0) }
                json.fieldIfPresent("affinity", rule.affinity)
                if rule.disable { json.field("disable", 1) }
                json.field("digest", GuestConfig.digest(StableHash.string(rule.rule), lock: "ha-rules"))
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /cluster/ha/groups` (PVE 8).
    func haGroups() -> SimResponse {
        APIResponse.data { json in
            json.beginArray()
            for group in model.scenario.haGroups {
                json.beginObject()
                json.field("group", group.group)
                json.field("type", "group")
                json.field("nodes", group.nodes)
                json.field("restricted", group.restricted ? 1 : 0)
                json.field("nofailback", group.nofailback ? 1 : 0)
                json.field("digest", GuestConfig.digest(StableHash.string(group.group), lock: "ha-groups"))
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /cluster/ha/status/current`: quorum, master, LRMs and services.
    func haStatus(now: Double) -> SimResponse {
        let services = haGuests
        let local = model.nodes.isEmpty ? "localhost" : model.nodes[model.localNode].name
        let master = model.nodes.first { !isOffline($0.index) }?.name ?? local
        let stamp = Int(now.rounded(.down))
        return APIResponse.data { json in
            json.beginArray()
            json.beginObject()
            json.field("id", "quorum")
            json.field("type", "quorum")
            json.field("node", local)
            json.field("quorate", flag: isQuorate)
            json.field("status", isQuorate ? "OK" : "No quorum on node '\(local)'!")
            json.endObject()
            if !services.isEmpty {
                json.beginObject()
                json.field("id", "master")
                json.field("type", "master")
                json.field("node", master)
                json.field("timestamp", stamp)
                json.field("status", "\(master) (active, \(Self.perlDate(now)))")
                json.endObject()
                if model.version.major >= 9 {
                    json.beginObject()
                    json.field("id", "fencing")
                    json.field("type", "fencing")
                    json.field("node", master)
                    json.field("armed-state", "armed")
                    json.field("status", "armed (CRM watchdog active)")
                    json.endObject()
                }
                for node in model.nodes {
                    let active = services.contains { guests[$0].node == node.index }
                    let offline = isOffline(node.index)
                    json.beginObject()
                    json.field("id", "lrm:\(node.name)")
                    json.field("type", "lrm")
                    json.field("node", node.name)
                    json.field("timestamp", offline ? stamp - 600 : stamp)
                    let mode = offline ? "old timestamp - dead?" : (active ? "active, watchdog active" : "idle, watchdog standby")
                    json.field("status", "\(node.name) (\(mode), \(Self.perlDate(offline ? now - 600 : now)))")
                    json.endObject()
                }
                for index in services {
                    let guest = model.guests[index]
                    let node = model.nodes[guests[index].node].name
                    let crm = guests[index].haState ?? "started"
                    let requested = guest.spec.ha?.state ?? "started"
                    json.beginObject()
                    json.field("id", "service:\(guest.haSID)")
                    json.field("type", "service")
                    json.field("sid", guest.haSID)
                    json.field("node", node)
                    json.field("state", crm)
                    json.field("crm_state", crm)
                    json.field("request_state", requested)
                    json.field("status", "\(guest.haSID) (\(node), \(crm))")
                    json.field("max_restart", 1)
                    json.field("max_relocate", 1)
                    json.field("failback", 1)
                    json.endObject()
                }
            }
            json.endArray()
        }
    }

    /// Perl's `localtime` scalar format (UTC here): `Thu Sep 10 19:48:41 2026`.
    static func perlDate(_ t: Double) -> String {
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = String(Int(parts.tm_mday)).leftPadded(to: 2, with: " ")
        return "\(days[Int(parts.tm_wday)]) \(months[Int(parts.tm_mon)]) \(day) "
            + String(format: "%02d:%02d:%02d %d", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(parts.tm_year) + 1900)
    }
}
