import Foundation

/// One VM or container in a `ClusterSnapshot`.
public struct GuestState: Codable, Sendable, Equatable {
    public var vmid: Int
    public var name: String?
    public var type: GuestType
    public var node: String
    /// `running`, `stopped`, `paused` or `unknown` (node offline).
    public var status: String
    public var template: Bool
    /// Whether the guest runs (`status` is `running`); only running guests are moved.
    public var isRunning: Bool { status == "running" }
    /// vCPUs allotted (`maxcpu`; may be fractional for containers with a CPU limit).
    public var vcpus: Double
    /// Share of its own vCPUs busy, 0–100.
    public var cpuPct: Double
    /// Host cores in use: `cpuPct / 100 × vcpus`.
    public var cpuCores: Double
    public var memoryUsedBytes: Int64
    public var memoryMaxBytes: Int64
    /// Rates derived from Proxmox's cumulative counters between two cycles; `nil` on the first
    /// sight of a guest or right after it restarted or migrated.
    public var diskReadBps: Double?
    public var diskWriteBps: Double?
    public var netInBps: Double?
    public var netOutBps: Double?
    public var tags: [String]
    public var ha: HAState?
    /// Proxmox lock (`migrate`, `backup`, `snapshot`, …).
    public var lock: String?
    /// Storage ids of the guest's disks and volume mount points.
    public var storages: [String]
    /// Total size of its disks, in bytes.
    public var diskBytes: Int64?
    /// Config keys of devices that pin the guest to its node (`hostpci0`, `usb1`, …).
    public var passthrough: [String]
    /// Container bind or device mount points (`mpN` with a host path).
    public var bindMounts: [BindMount]
    public var uptimeSeconds: Int64?
    /// `false` when the guest's configuration could not be read (its storages, passthrough and
    /// mount points are then unknown and must not be trusted).
    public var configKnown: Bool

    public init(
        vmid: Int, name: String?, type: GuestType, node: String, status: String, template: Bool = false,
        vcpus: Double, cpuPct: Double, memoryUsedBytes: Int64, memoryMaxBytes: Int64,
        diskReadBps: Double? = nil, diskWriteBps: Double? = nil, netInBps: Double? = nil, netOutBps: Double? = nil,
        tags: [String] = [], ha: HAState? = nil, lock: String? = nil, storages: [String] = [], diskBytes: Int64? = nil,
        passthrough: [String] = [], bindMounts: [BindMount] = [], uptimeSeconds: Int64? = nil, configKnown: Bool = true
    ) {
        self.vmid = vmid
        self.name = name
        self.type = type
        self.node = node
        self.status = status
        self.template = template
        self.vcpus = vcpus
        self.cpuPct = cpuPct
        self.cpuCores = cpuPct / 100 * vcpus
        self.memoryUsedBytes = memoryUsedBytes
        self.memoryMaxBytes = memoryMaxBytes
        self.diskReadBps = diskReadBps
        self.diskWriteBps = diskWriteBps
        self.netInBps = netInBps
        self.netOutBps = netOutBps
        self.tags = tags
        self.ha = ha
        self.lock = lock
        self.storages = storages
        self.diskBytes = diskBytes
        self.passthrough = passthrough
        self.bindMounts = bindMounts
        self.uptimeSeconds = uptimeSeconds
        self.configKnown = configKnown
    }

    /// Whether any bind or device mount lacks `shared=1` (Proxmox refuses to migrate those).
    public var hasUnsharedBindMount: Bool { bindMounts.contains { !$0.shared } }
}

/// QEMU virtual machine or LXC container.
public enum GuestType: String, Codable, Sendable, CaseIterable, KnownValues {
    case qemu, lxc
}

/// Proxmox HA management of a guest.
public struct HAState: Codable, Sendable, Equatable {
    /// Requested state (`started`, `stopped`, `disabled`, `ignored`).
    public var state: String
    /// HA group, where one is still configured.
    public var group: String?
    /// CRM state from `/cluster/ha/status/current` (`started`, `migrate`, …), if known.
    public var crmState: String?

    public init(state: String, group: String? = nil, crmState: String? = nil) {
        self.state = state
        self.group = group
        self.crmState = crmState
    }
}

/// A container mount point backed by a host path.
public struct BindMount: Codable, Sendable, Equatable {
    /// Config key, e.g. `mp0`.
    public var key: String
    /// Host path (or device).
    public var source: String
    /// Path inside the container.
    public var mountPath: String?
    /// Marked `shared=1`: the same path exists on every node, so migration is allowed.
    public var shared: Bool

    public init(key: String, source: String, mountPath: String? = nil, shared: Bool) {
        self.key = key
        self.source = source
        self.mountPath = mountPath
        self.shared = shared
    }
}
