import Foundation

/// One point of `GET /nodes/{node}/rrddata`. Every field is optional: undefined RRD values are
/// omitted by Proxmox (an empty bucket is just `{time}`). Values are averages (or maxima) over
/// the step, so byte counts may be fractional.
public struct PVENodeRRDPoint: Sendable, Hashable, Decodable {
    public var time: Date?
    /// 1-minute load average.
    public var loadavg: Double?
    public var maxcpu: Double?
    /// Fraction of all host threads.
    public var cpu: Double?
    public var iowait: Double?
    /// Bytes.
    public var memtotal: Double?
    public var memused: Double?
    /// PVE 9.
    public var memavailable: Double?
    /// PVE 9: ZFS ARC size, bytes.
    public var arcsize: Double?
    public var swaptotal: Double?
    public var swapused: Double?
    public var roottotal: Double?
    public var rootused: Double?
    /// Physical NICs only, bytes/second.
    public var netin: Double?
    public var netout: Double?
    /// PVE 9 pressure stall information, percent (10 s average).
    public var pressureCPUSome: Double?
    public var pressureIOSome: Double?
    public var pressureIOFull: Double?
    public var pressureMemorySome: Double?
    public var pressureMemoryFull: Double?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        time = try fields.date("time")
        loadavg = try fields.optional("loadavg")
        maxcpu = try fields.optional("maxcpu")
        cpu = try fields.optional("cpu")
        iowait = try fields.optional("iowait")
        memtotal = try fields.optional("memtotal")
        memused = try fields.optional("memused")
        memavailable = try fields.optional("memavailable")
        arcsize = try fields.optional("arcsize")
        swaptotal = try fields.optional("swaptotal")
        swapused = try fields.optional("swapused")
        roottotal = try fields.optional("roottotal")
        rootused = try fields.optional("rootused")
        netin = try fields.optional("netin")
        netout = try fields.optional("netout")
        pressureCPUSome = try fields.optional("pressurecpusome")
        pressureIOSome = try fields.optional("pressureiosome")
        pressureIOFull = try fields.optional("pressureiofull")
        pressureMemorySome = try fields.optional("pressurememorysome")
        pressureMemoryFull = try fields.optional("pressurememoryfull")
    }
}
