import ExecutorSvc
import Foundation
import ProxmoxAPI
import Testing

/// Which Proxmox task a journaled migration started: never an older task, never one another
/// migration claims, never one going elsewhere.
@Suite("Task match")
struct TaskMatchTests {
    static func upid(_ node: String, pid: Int, start: Int, type: String = "qmigrate", vmid: Int = 116) -> String {
        PVEUPID(
            node: node, pid: pid, pstart: 1000, startTime: Date(timeIntervalSince1970: TimeInterval(start)), type: type,
            id: String(vmid), user: "root@pam!proxbalance"
        ).rawValue
    }

    static func tasks(_ upids: [String]) throws -> [PVETaskSummary] {
        let objects = upids.map { upid -> [String: Any] in
            let parsed = try! PVEUPID(parsing: upid)
            return [
                "upid": upid, "node": parsed.node, "starttime": Int(parsed.startTime.timeIntervalSince1970), "type": parsed.type, "id": parsed.id,
            ]
        }
        return try JSONDecoder().decode([PVETaskSummary].self, from: JSONSerialization.data(withJSONObject: objects))
    }

    let older = upid("pve3", pid: 1, start: 1_000)
    let ours = upid("pve3", pid: 2, start: 1_010)
    let later = upid("pve3", pid: 3, start: 1_020)

    @Test("a task that existed before the request is never taken, even when the clocks disagree")
    func fencedOff() throws {
        let fence = TaskFence(node: "pve3", known: [older])
        // The executor's clock runs 60 s ahead: the time check alone would have missed ours.
        let found = TaskMatch.candidates(
            try Self.tasks([later, ours, older]), vmid: 116, types: ["qmigrate"], fence: fence, claimed: [],
            notBefore: Date(timeIntervalSince1970: 1_070))
        #expect(found.map(\.rawValue) == [ours, later])
    }

    @Test("a task another migration claims is not taken twice")
    func claimedTwice() throws {
        let found = TaskMatch.candidates(
            try Self.tasks([ours, later]), vmid: 116, types: ["qmigrate"], fence: TaskFence(node: "pve3", known: []),
            claimed: [ours], notBefore: .distantPast)
        #expect(found.map(\.rawValue) == [later])
    }

    @Test("without a fence, only tasks started since the journaled request (less the margin) count")
    func legacyRows() throws {
        let found = TaskMatch.candidates(
            try Self.tasks([older, ours]), vmid: 116, types: ["qmigrate"], fence: nil, claimed: [],
            notBefore: Date(timeIntervalSince1970: 1_005))
        #expect(found.map(\.rawValue) == [ours])
    }

    @Test("other guests, task types and nodes are not candidates; a task older than the fence's newest is not either")
    func otherTasks() throws {
        let otherGuest = Self.upid("pve3", pid: 4, start: 1_011, vmid: 117)
        let backup = Self.upid("pve3", pid: 5, start: 1_012, type: "vzdump")
        let otherNode = Self.upid("pve4", pid: 6, start: 1_013)
        let unlisted = Self.upid("pve3", pid: 7, start: 999)
        let found = TaskMatch.candidates(
            try Self.tasks([otherGuest, backup, otherNode, unlisted, older]), vmid: 116, types: ["qmigrate", "hamigrate"],
            fence: TaskFence(node: "pve3", known: [older]), claimed: [], notBefore: .distantPast)
        #expect(found.isEmpty)
    }

    @Test("a task whose log names another destination or guest is not this migration's")
    func logTarget() {
        let lines = ["2026-12-05 02:00:00 starting migration of VM 116 to node 'pve4' (10.0.0.4)"]
        #expect(TaskMatch.logAgrees(lines, vmid: 116, target: "pve4"))
        #expect(!TaskMatch.logAgrees(lines, vmid: 116, target: "pve5"))
        #expect(!TaskMatch.logAgrees(lines, vmid: 117, target: "pve4"))
        #expect(TaskMatch.logAgrees(["Requesting HA migration for CT 201 to node pve6"], vmid: 201, target: "pve6"))
        #expect(TaskMatch.logAgrees([], vmid: 116, target: "pve4"), "a log with no line yet does not rule a task out")
    }
}
