import Contract
import Foundation

/// A guest disk: a QEMU drive (`scsi0`, `virtio1`, `ide2`…) or a container's `rootfs`.
public struct ScenarioDisk: Codable, Sendable, Equatable {
    public var key: String
    public var storage: String
    public var sizeGib: Double
    public var cdrom: Bool

    public init(key: String, storage: String, sizeGib: Double = 32, cdrom: Bool = false) {
        self.key = key
        self.storage = storage
        self.sizeGib = sizeGib
        self.cdrom = cdrom
    }

    enum CodingKeys: String, CodingKey {
        case key, storage, cdrom
        case sizeGib = "size_gib"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        key = try c.required("key")
        storage = try c.required("storage")
        sizeGib = try c.value("size_gib", default: 32)
        cdrom = try c.flag("cdrom", default: false)
    }
}

/// A container mount point `mpN`: a storage volume, or a bind mount of a host path.
public struct ScenarioMountPoint: Codable, Sendable, Equatable {
    public var key: String
    /// Storage of a volume mount point (nil for a bind mount).
    public var storage: String?
    /// Host path of a bind mount (nil for a volume).
    public var source: String?
    /// Path inside the container.
    public var mp: String
    public var sizeGib: Double
    /// `shared=1`: the bind source exists on every node, so it does not block migration.
    public var shared: Bool

    public init(key: String, storage: String? = nil, source: String? = nil, mp: String, sizeGib: Double = 8, shared: Bool = false) {
        self.key = key
        self.storage = storage
        self.source = source
        self.mp = mp
        self.sizeGib = sizeGib
        self.shared = shared
    }

    /// True for a bind (or device) mount point.
    public var isBind: Bool { storage == nil }

    enum CodingKeys: String, CodingKey {
        case key, storage, source, mp, shared
        case sizeGib = "size_gib"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        key = try c.required("key")
        storage = try c.optional("storage")
        source = try c.optional("source")
        mp = try c.value("mp", default: "/mnt/\(key)")
        sizeGib = try c.value("size_gib", default: 8)
        shared = try c.flag("shared", default: false)
    }
}

/// HA resource settings of a guest.
public struct ScenarioHA: Codable, Sendable, Equatable {
    public var managed: Bool
    /// Requested state: `started`, `stopped`, `disabled`, `ignored`.
    public var state: String
    public var group: String?

    public init(managed: Bool = true, state: String = "started", group: String? = nil) {
        self.managed = managed
        self.state = state
        self.group = group
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        managed = try c.flag("managed", default: true)
        state = try c.value("state", default: "started")
        group = try c.optional("group")
    }
}

/// A virtual machine or container of the scenario.
public struct ScenarioGuest: Codable, Sendable, Equatable {
    public var vmid: Int
    public var type: GuestType
    public var name: String
    public var node: String
    /// vCPU cores (per socket for QEMU).
    public var cores: Int
    /// QEMU sockets.
    public var sockets: Int
    public var memoryMib: Int
    /// QEMU balloon minimum in MiB (nil = not set, 0 = ballooning off).
    public var balloon: Int?
    /// Container swap in MiB.
    public var swapMib: Int
    /// `running`, `stopped` or `paused`.
    public var status: String
    public var template: Bool
    public var tags: [String]
    public var disks: [ScenarioDisk]
    public var mountPoints: [ScenarioMountPoint]
    /// Passthrough config lines, e.g. `hostpci0` → `0000:01:00.0,pcie=1`, `usb0` → `host=046d:c52b`.
    public var passthrough: [String: String]
    public var ha: ScenarioHA?
    public var lock: String?
    public var pool: String?
    public var workload: ScenarioWorkload

    public init(
        vmid: Int, type: GuestType = .qemu, name: String? = nil, node: String, cores: Int = 1, sockets: Int = 1,
        memoryMib: Int = 2048, balloon: Int? = nil, swapMib: Int = 512, status: String = "running",
        template: Bool = false, tags: [String] = [], disks: [ScenarioDisk] = [],
        mountPoints: [ScenarioMountPoint] = [], passthrough: [String: String] = [:], ha: ScenarioHA? = nil,
        lock: String? = nil, pool: String? = nil, workload: ScenarioWorkload = ScenarioWorkload()
    ) {
        self.vmid = vmid
        self.type = type
        self.name = name ?? "\(type == .qemu ? "vm" : "ct")-\(vmid)"
        self.node = node
        self.cores = cores
        self.sockets = sockets
        self.memoryMib = memoryMib
        self.balloon = balloon
        self.swapMib = swapMib
        self.status = status
        self.template = template
        self.tags = tags
        self.disks = disks
        self.mountPoints = mountPoints
        self.passthrough = passthrough
        self.ha = ha
        self.lock = lock
        self.pool = pool
        self.workload = workload
    }

    /// vCPUs Proxmox reports as `maxcpu`/`cpus`.
    public var vcpus: Int { type == .qemu ? max(1, cores) * max(1, sockets) : max(1, cores) }

    enum CodingKeys: String, CodingKey {
        case vmid, type, name, node, cores, sockets, balloon, status, template, tags, disks, passthrough, ha, lock, pool, workload
        case memoryMib = "memory_mib"
        case swapMib = "swap_mib"
        case mountPoints = "mount_points"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        vmid = try c.required("vmid")
        type = try c.value("type", default: .qemu)
        name = try c.value("name", default: "\(type == .qemu ? "vm" : "ct")-\(vmid)")
        node = try c.required("node")
        cores = try c.value("cores", default: 1)
        sockets = try c.value("sockets", default: 1)
        memoryMib = try c.value("memory_mib", default: 2048)
        balloon = try c.optional("balloon")
        swapMib = try c.value("swap_mib", default: 512)
        status = try c.value("status", default: "running")
        template = try c.flag("template", default: false)
        tags = try c.tags("tags")
        disks = try c.value("disks", default: [])
        mountPoints = try c.value("mount_points", default: [])
        passthrough = try c.value("passthrough", default: [:])
        ha = try c.optional("ha")
        lock = try c.optional("lock")
        pool = try c.optional("pool")
        workload = try c.value("workload", default: ScenarioWorkload())
    }
}
