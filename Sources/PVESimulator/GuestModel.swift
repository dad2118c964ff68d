import Contract
import Foundation

/// A guest's immutable, derived description: sizes in bytes, volume ids, load signals.
struct GuestModel: Sendable {
    /// One disk or mount point with its volume id (nil for bind mounts).
    struct Volume: Sendable {
        let key: String
        let storage: Int?
        let volid: String?
        let sizeBytes: Int
        let cdrom: Bool
        let mountPoint: ScenarioMountPoint?
    }

    let spec: ScenarioGuest
    let index: Int
    let key: UInt64
    let vcpus: Int
    let maxmem: Int
    let maxswap: Int
    /// Boot disk size (`maxdisk`).
    let maxdisk: Int
    /// Used bytes of a container's root filesystem.
    let rootfsUsed: Int
    let volumes: [Volume]
    let tagsText: String?
    /// Passthrough keys that block migration (`hostpci0`, `usb0`, but not `usb=spice`).
    let localResources: [String]
    let cpu: Signal
    let mem: Signal
    let netIn: Signal
    let netOut: Signal
    let diskRead: Signal
    let diskWrite: Signal
    let iowait: Signal
    /// How long the guest had been running at the simulation start.
    let initialUptime: Double

    var vmid: Int { spec.vmid }
    var type: GuestType { spec.type }
    var isTemplate: Bool { spec.template }
    var isHAManaged: Bool { spec.ha?.managed ?? false }
    /// `VM` or `CT`, as Proxmox messages name guests.
    var kindLabel: String { type == .qemu ? "VM" : "CT" }
    /// `vm:100` / `ct:100`.
    var haSID: String { "\(type == .qemu ? "vm" : "ct"):\(vmid)" }

    /// The config path Proxmox names in "does not exist" errors.
    static func configPath(node: String, type: GuestType, vmid: String) -> String {
        "nodes/\(node)/\(type == .qemu ? "qemu-server" : "lxc")/\(vmid).conf"
    }

    init(spec: ScenarioGuest, index: Int, seed: UInt64, origin: Double, storages: [String: StorageModel]) {
        self.spec = spec
        self.index = index
        key = StableHash.hash(seed, UInt64(spec.vmid), 0x6775_6573_74)
        vcpus = spec.vcpus
        maxmem = spec.memoryMib * Int(mib)
        maxswap = spec.type == .lxc ? spec.swapMib * Int(mib) : 0

        var volumes: [Volume] = []
        var number = 0
        var disks = spec.disks.filter { storages[$0.storage] != nil }
        if disks.isEmpty, let fallback = Self.defaultStorage(for: spec.type, storages: storages) {
            disks = [ScenarioDisk(key: spec.type == .qemu ? "scsi0" : "rootfs", storage: fallback, sizeGib: spec.type == .qemu ? 32 : 8)]
        }
        for disk in disks {
            guard let storage = storages[disk.storage] else { continue }
            let size = Int(disk.sizeGib * gib)
            if disk.cdrom {
                volumes.append(
                    Volume(
                        key: disk.key, storage: storage.index, volid: "\(storage.id):iso/install-\(spec.vmid).iso",
                        sizeBytes: size, cdrom: true, mountPoint: nil))
            } else {
                volumes.append(
                    Volume(
                        key: disk.key, storage: storage.index,
                        volid: storage.volid(vmid: spec.vmid, number: number, type: spec.type),
                        sizeBytes: size, cdrom: false, mountPoint: nil))
                number += 1
            }
        }
        for mount in spec.mountPoints where spec.type == .lxc {
            if let id = mount.storage, let storage = storages[id] {
                volumes.append(
                    Volume(
                        key: mount.key, storage: storage.index,
                        volid: storage.volid(vmid: spec.vmid, number: number, type: .lxc),
                        sizeBytes: Int(mount.sizeGib * gib), cdrom: false, mountPoint: mount))
                number += 1
            } else if mount.storage == nil {
                volumes.append(Volume(key: mount.key, storage: nil, volid: nil, sizeBytes: 0, cdrom: false, mountPoint: mount))
            }
        }
        self.volumes = volumes
        let boot = volumes.first { !$0.cdrom && $0.mountPoint == nil }
        maxdisk = boot?.sizeBytes ?? 0
        rootfsUsed = spec.type == .lxc ? Int(Double(maxdisk) * (0.2 + 0.5 * StableHash.unit(key, 1))) : 0
        tagsText = spec.tags.isEmpty ? nil : spec.tags.joined(separator: ";")
        localResources = spec.passthrough.keys.sorted().filter { key in
            (key.hasPrefix("hostpci") || key.hasPrefix("usb") || key.hasPrefix("parallel") || key.hasPrefix("serial"))
                && spec.passthrough[key] != "spice" && spec.passthrough[key] != "socket"
        }

        let w = spec.workload
        cpu = Signal(base: w.cpu, workload: w, origin: origin, key: key ^ 0x10)
        mem = Signal(
            base: Double(maxmem) * min(1, max(0, w.memUsedFraction)), workload: w, origin: origin, key: key ^ 0x11,
            amplitudeScale: 0.25, noiseScale: 0.2, withBurst: false)
        netIn = Signal(base: w.netInBps, workload: w, origin: origin, key: key ^ 0x12, noiseScale: 2)
        netOut = Signal(base: w.netOutBps, workload: w, origin: origin, key: key ^ 0x13, noiseScale: 2)
        diskRead = Signal(base: w.diskReadBps, workload: w, origin: origin, key: key ^ 0x14, noiseScale: 2)
        diskWrite = Signal(base: w.diskWriteBps, workload: w, origin: origin, key: key ^ 0x15, noiseScale: 2)
        iowait = Signal(base: w.iowaitContribution, workload: w, origin: origin, key: key ^ 0x16)
        initialUptime = (10 + 50 * StableHash.unit(key, 2)) * Signal.day
    }

    /// The first storage offering the guest's content type, for guests listed without disks.
    private static func defaultStorage(for type: GuestType, storages: [String: StorageModel]) -> String? {
        let content = type == .qemu ? "images" : "rootdir"
        return storages.values.sorted { $0.index < $1.index }.first { $0.supports(content) }?.id
    }
}
