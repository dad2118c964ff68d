import Contract
import Foundation

/// A storage with its derived naming rules.
struct StorageModel: Sendable {
    let spec: ScenarioStorage
    let index: Int
    let key: UInt64

    var id: String { spec.id }

    /// File-based storages name volumes `<vmid>/vm-<vmid>-disk-N.<fmt>`.
    var isFileBased: Bool { ["dir", "nfs", "cifs", "cephfs", "glusterfs", "btrfs"].contains(spec.type) }

    func supports(_ content: String) -> Bool {
        spec.content.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == content }
    }

    /// The volume id of disk number `number` of a guest on this storage.
    func volid(vmid: Int, number: Int, type: GuestType) -> String {
        if isFileBased {
            return "\(id):\(vmid)/vm-\(vmid)-disk-\(number).\(type == .qemu ? "qcow2" : "raw")"
        }
        let prefix = spec.type == "zfspool" && type == .lxc ? "subvol" : "vm"
        return "\(id):\(prefix)-\(vmid)-disk-\(number)"
    }

    /// Bytes used on `node` (local storages vary a little per node, shared ones are identical).
    func usedBytes(nodeKey: UInt64) -> Int {
        let base = spec.usedGib * gib
        guard !spec.shared else { return Int(base) }
        return Int(base * (0.85 + 0.3 * StableHash.unit(key, nodeKey)))
    }

    var totalBytes: Int { Int(spec.totalGib * gib) }
}
