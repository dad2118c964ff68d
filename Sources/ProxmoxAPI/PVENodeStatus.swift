/// `GET /nodes/{node}/status`.
public struct PVENodeStatus: Sendable, Hashable, Decodable {
    /// Bytes. Since PVE 8.4 `used = total − MemAvailable`; `available` exists since PVE 9.
    public struct Memory: Sendable, Hashable {
        public var total: Int
        public var used: Int
        public var free: Int
        public var available: Int?
    }

    /// Bytes.
    public struct Swap: Sendable, Hashable {
        public var total: Int
        public var used: Int
        public var free: Int
    }

    /// Bytes of `/`; `avail` is what non-root users can still write.
    public struct RootFS: Sendable, Hashable {
        public var total: Int
        public var used: Int
        public var free: Int
        public var avail: Int?
    }

    public struct CPUInfo: Sendable, Hashable {
        /// Logical threads.
        public var cpus: Int
        /// Physical cores summed over all sockets.
        public var cores: Int?
        public var sockets: Int?
        public var model: String?
        /// Sent as a string (`"3400.000"`).
        public var mhz: Double?
    }

    /// Fraction of all CPUs since the previous call served by the same worker (noisy).
    public var cpu: Double?
    /// IO-wait fraction.
    public var wait: Double?
    /// 1, 5 and 15 minute load averages (sent as strings).
    public var loadavg: [Double]
    public var memory: Memory?
    public var swap: Swap?
    public var rootfs: RootFS?
    public var cpuinfo: CPUInfo?
    /// Seconds.
    public var uptime: Int?
    /// `pve-manager/8.4.14/b502d23c55afcba1`.
    public var pveversion: String?
    public var kversion: String?
    /// KSM-shared bytes.
    public var ksmShared: Int?
    /// `efi` or `legacy-bios` (PVE 8+).
    public var bootMode: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        cpu = try fields.optional("cpu")
        wait = try fields.optional("wait")
        loadavg = try fields.list("loadavg", of: Double.self) ?? []
        memory = try fields.object("memory").map {
            Memory(
                total: try $0.required("total"), used: try $0.required("used"), free: try $0.required("free"),
                available: try $0.optional("available"))
        }
        swap = try fields.object("swap").map {
            Swap(total: try $0.required("total"), used: try $0.required("used"), free: try $0.required("free"))
        }
        rootfs = try fields.object("rootfs").map {
            RootFS(
                total: try $0.required("total"), used: try $0.required("used"), free: try $0.required("free"),
                avail: try $0.optional("avail"))
        }
        cpuinfo = try fields.object("cpuinfo").map {
            CPUInfo(
                cpus: try $0.required("cpus"), cores: try $0.optional("cores"), sockets: try $0.optional("sockets"),
                model: try $0.optional("model"), mhz: try $0.optional("mhz"))
        }
        uptime = try fields.optional("uptime")
        pveversion = try fields.optional("pveversion")
        kversion = try fields.optional("kversion")
        ksmShared = try fields.object("ksm")?.optional("shared")
        bootMode = try fields.object("boot-info")?.optional("mode")
    }
}
