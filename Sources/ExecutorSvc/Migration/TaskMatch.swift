import Foundation
public import ProxmoxAPI

/// Finds, in a node's task list, the one Proxmox task a journaled migration started, when the
/// executor never heard its UPID (it stopped, or the answer to the migrate call was lost).
/// Pure: the caller reads the lists and logs.
public enum TaskMatch {
    /// The tasks that can be this migration's, earliest first. A candidate is a migration task
    /// (`types`) of guest `vmid` on the fence's node that no other migration of the journal
    /// claims and that did not exist before the request (it is not in `fence` and started no
    /// earlier than the newest task there). Without a fence (rows journaled before fences were
    /// kept), a candidate must have started at or after `notBefore`.
    public static func candidates(
        _ tasks: [PVETaskSummary], vmid: Int, types: Set<String>, fence: TaskFence?, claimed: Set<String>, notBefore: Date
    ) -> [PVEUPID] {
        let newestKnown = tasks.filter { fence?.known.contains($0.upid) == true }.compactMap(\.parsedUPID).map(\.startTime).max()
        return tasks.compactMap(\.parsedUPID)
            .filter { upid in
                guard types.contains(upid.type), upid.id == String(vmid), !claimed.contains(upid.rawValue) else { return false }
                guard let fence else { return upid.startTime >= notBefore }
                guard upid.node == fence.node, !fence.known.contains(upid.rawValue) else { return false }
                return newestKnown.map { upid.startTime >= $0 } ?? true
            }
            .sorted { ($0.startTime, $0.pid) < ($1.startTime, $1.pid) }
    }

    /// Whether a task whose log begins with `lines` can be the migration of `vmid` to `target`:
    /// false only when a line names another guest or destination.
    public static func logAgrees(_ lines: [String], vmid: Int, target: String) -> Bool {
        guard let named = lines.lazy.compactMap(MigrationLogTarget.init(line:)).first else { return true }
        return named.vmid == vmid && named.node == target
    }
}

/// The guest and destination a migration task's log names in its first lines:
/// `starting migration of VM 101 to node 'pve3' (10.1.0.203)`, or for HA
/// `Requesting HA migration for VM 101 to node pve3`.
public struct MigrationLogTarget: Sendable, Equatable {
    public var vmid: Int
    public var node: String

    /// Parses one log line (with or without its timestamp); `nil` when it names no destination.
    public init?(line: String) {
        if let match = line.firstMatch(of: #/starting migration of (?:VM|CT) (\d+) to node '([^']+)'/#), let vmid = Int(match.1) {
            self.vmid = vmid
            node = String(match.2)
        } else if let match = line.firstMatch(of: #/Requesting HA migration for (?:VM|CT) (\d+) to node ([A-Za-z0-9-]+)/#),
            let vmid = Int(match.1)
        {
            self.vmid = vmid
            node = String(match.2)
        } else {
            return nil
        }
    }
}
