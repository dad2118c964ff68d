import Contract

/// What ProxBalance reads of `GET /cluster/options` (the datacenter options): the bandwidth
/// limits of `bwlimit`, a property string of KiB/s by operation
/// (`migration=102400,default=51200`; an object of numbers is read too).
public struct PVEClusterOptions: Sendable, Hashable, Decodable {
    /// KiB/s by operation (`migration`, `default`, `clone`, `move`, `restore`); values that are not
    /// numbers are left out.
    public var bandwidthLimits: [String: Double]

    public init(bandwidthLimits: [String: Double] = [:]) {
        self.bandwidthLimits = bandwidthLimits
    }

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        var limits: [String: Double] = [:]
        if let value = fields.values["bwlimit"] {
            if let members = value.objectValue {
                for (key, member) in members { limits[key] = member.doubleValue }
            } else {
                for (key, text) in PVEPropertyString(value.stringValue ?? "").options { limits[key] = PVEValue.string(text).doubleValue }
            }
        }
        bandwidthLimits = limits
    }

    /// The limit on migrations in KiB/s: `migration`, else `default`; `nil` when neither is set
    /// above 0 (0 means no limit).
    public var migrationLimitKiBps: Double? {
        for key in ["migration", "default"] {
            if let limit = bandwidthLimits[key], limit > 0 { return limit }
        }
        return nil
    }
}
