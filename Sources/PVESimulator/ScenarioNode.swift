import Foundation

/// A cluster node (host) of the scenario.
public struct ScenarioNode: Codable, Sendable, Equatable {
    public var name: String
    /// Logical CPU threads.
    public var cpus: Int
    /// Physical cores summed over sockets.
    public var cores: Int
    public var sockets: Int
    public var model: String
    public var memoryGib: Double
    /// Host CPU load without guests, as a fraction of all threads.
    public var baseCpu: Double
    /// Host memory used without guests.
    public var baseMemoryGib: Double
    /// Host iowait without guests, as a fraction.
    public var baseIowait: Double
    /// Cluster network address; nil = 10.0.0.<index + 1>.
    public var ip: String?
    public var online: Bool
    /// Storage ids this node has; nil = every storage not restricted to other nodes.
    public var storages: [String]?
    /// Subscription level (`''`, `c`, `b`, `s`, `p`).
    public var level: String

    public init(
        name: String, cpus: Int = 16, cores: Int? = nil, sockets: Int = 1,
        model: String = "Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz", memoryGib: Double = 64,
        baseCpu: Double = 0.03, baseMemoryGib: Double = 3, baseIowait: Double = 0.004,
        ip: String? = nil, online: Bool = true, storages: [String]? = nil, level: String = ""
    ) {
        self.name = name
        self.cpus = cpus
        self.cores = cores ?? max(1, cpus / 2)
        self.sockets = sockets
        self.model = model
        self.memoryGib = memoryGib
        self.baseCpu = baseCpu
        self.baseMemoryGib = baseMemoryGib
        self.baseIowait = baseIowait
        self.ip = ip
        self.online = online
        self.storages = storages
        self.level = level
    }

    enum CodingKeys: String, CodingKey {
        case name, cpus, cores, sockets, model, ip, online, storages, level
        case memoryGib = "memory_gib"
        case baseCpu = "base_cpu"
        case baseMemoryGib = "base_memory_gib"
        case baseIowait = "base_iowait"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        name = try c.required("name")
        cpus = try c.value("cpus", default: 16)
        cores = try c.value("cores", default: max(1, cpus / 2))
        sockets = try c.value("sockets", default: 1)
        model = try c.value("model", default: "Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz")
        memoryGib = try c.value("memory_gib", default: 64)
        baseCpu = try c.value("base_cpu", default: 0.03)
        baseMemoryGib = try c.value("base_memory_gib", default: 3)
        baseIowait = try c.value("base_iowait", default: 0.004)
        ip = try c.optional("ip")
        online = try c.flag("online", default: true)
        storages = try c.optional("storages")
        level = try c.value("level", default: "")
    }
}
