import ExecutorPolicy
import ExecutorSvc
import Foundation
import ProxmoxAPI

/// Live facts built from JSON shaped like Proxmox's own answers.
enum LiveFactsFixture {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let gib = 1_073_741_824

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
        try! JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func node(_ name: String, cpu: Double = 0.2, memGiB: Int = 16, maxGiB: Int = 64, status: String = "online") -> PVEResource {
        decode(
            PVEResource.self,
            """
            {"id":"node/\(name)","type":"node","node":"\(name)","status":"\(status)","cpu":\(cpu),"maxcpu":16,
             "mem":\(memGiB * gib),"maxmem":\(maxGiB * gib)}
            """)
    }

    static func guest(
        _ vmid: Int, on node: String, type: String = "qemu", status: String = "running", maxGiB: Int = 4, tags: String = "",
        lock: String? = nil, template: Bool = false
    ) -> PVEResource {
        decode(
            PVEResource.self,
            """
            {"id":"\(type)/\(vmid)","type":"\(type)","vmid":\(vmid),"name":"g\(vmid)","node":"\(node)","status":"\(status)",
             "maxmem":\(maxGiB * gib),"cpu":0.1,"maxcpu":2,"tags":"\(tags)","template":\(template ? 1 : 0)\(lock.map { ",\"lock\":\"\($0)\"" } ?? "")}
            """)
    }

    /// Preconditions allowing every node but `blocked` (blocked by a missing `local-lvm`).
    static func preconditions(allowed: [String], blocked: [String] = [], localResources: [String] = []) -> LiveFacts.Preconditions {
        let notAllowed = blocked.map { "\"\($0)\":{\"unavailable_storages\":[\"local-lvm\"]}" }.joined(separator: ",")
        let resources = localResources.map { "\"\($0)\"" }.joined(separator: ",")
        return .available(
            decode(
                PVEMigratePreconditions.self,
                """
                {"running":1,"allowed_nodes":[\(allowed.map { "\"\($0)\"" }.joined(separator: ","))],
                 "not_allowed_nodes":{\(notAllowed)},"local_disks":[],"local_resources":[\(resources)]}
                """))
    }

    static func facts(
        guests: [PVEResource], nodes: [PVEResource] = [node("pve1"), node("pve2")], quorate: Bool = true,
        preconditions: LiveFacts.Preconditions = preconditions(allowed: ["pve2"]), maintenance: Set<String> = []
    ) -> LiveFacts {
        LiveFacts(
            quorate: quorate, guests: guests, nodes: nodes, activeMigrationTasks: [], preconditions: preconditions,
            maintenance: maintenance, journalActive: [], now: now)
    }
}
