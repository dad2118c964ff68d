import Foundation

/// A guest seen on another node than in the previous snapshot: where it lived, where it lives
/// now, when the change was seen and who moved it. Scoring publishes it on
/// `{b}/scoring/placements`; the executor counts the `outside` ones in its cooldowns and
/// rollback detection.
public struct PlacementChange: Codable, Sendable, Equatable {
    public var vmid: Int
    public var from: String
    public var to: String
    public var at: Date
    public var by: Mover

    public init(vmid: Int, from: String, to: String, at: Date, by: Mover) {
        self.vmid = vmid
        self.from = from
        self.to = to
        self.at = at
        self.by = by
    }

    /// Who moved the guest: ProxBalance's executor, or someone else (the Proxmox UI, HA…).
    public enum Mover: String, Codable, Sendable, CaseIterable, KnownValues {
        case proxbalance, outside
    }
}
