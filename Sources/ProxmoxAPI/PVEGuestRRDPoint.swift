import Foundation

/// One point of `GET /nodes/{node}/{qemu|lxc}/{vmid}/rrddata`. Every field is optional: a
/// stopped guest's points carry only `time, maxcpu, maxmem, maxdisk, disk`.
public struct PVEGuestRRDPoint: Sendable, Hashable, Decodable {
    public var time: Date?
    public var maxcpu: Double?
    /// Fraction of the guest's own vCPUs.
    public var cpu: Double?
    /// Bytes.
    public var maxmem: Double?
    public var mem: Double?
    /// PVE 9: host view of guest memory, bytes.
    public var memhost: Double?
    public var maxdisk: Double?
    public var disk: Double?
    /// Bytes/second.
    public var netin: Double?
    public var netout: Double?
    public var diskread: Double?
    public var diskwrite: Double?
    /// PVE 9 pressure stall information, percent.
    public var pressureCPUSome: Double?
    public var pressureCPUFull: Double?
    public var pressureIOSome: Double?
    public var pressureIOFull: Double?
    public var pressureMemorySome: Double?
    public var pressureMemoryFull: Double?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        time = try fields.date("time")
        maxcpu = try fields.optional("maxcpu")
        cpu = try fields.optional("cpu")
        maxmem = try fields.optional("maxmem")
        mem = try fields.optional("mem")
        memhost = try fields.optional("memhost")
        maxdisk = try fields.optional("maxdisk")
        disk = try fields.optional("disk")
        netin = try fields.optional("netin")
        netout = try fields.optional("netout")
        diskread = try fields.optional("diskread")
        diskwrite = try fields.optional("diskwrite")
        pressureCPUSome = try fields.optional("pressurecpusome")
        pressureCPUFull = try fields.optional("pressurecpufull")
        pressureIOSome = try fields.optional("pressureiosome")
        pressureIOFull = try fields.optional("pressureiofull")
        pressureMemorySome = try fields.optional("pressurememorysome")
        pressureMemoryFull = try fields.optional("pressurememoryfull")
    }
}
