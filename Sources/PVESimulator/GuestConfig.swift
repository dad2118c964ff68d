import Foundation

/// Renders guest configuration values the way Proxmox stores them.
enum GuestConfig {
    /// `32G`, `512M`: Proxmox size suffixes.
    static func size(_ bytes: Int) -> String {
        let gibibytes = Double(bytes) / gib
        if gibibytes >= 1, gibibytes == gibibytes.rounded() { return "\(Int(gibibytes))G" }
        return "\(Int((Double(bytes) / mib).rounded()))M"
    }

    /// A stable MAC address with Proxmox's `BC:24:11` prefix.
    static func mac(_ key: UInt64) -> String {
        let hex = StableHash.hex(key, 0xAC, count: 6)
        return "BC:24:11:"
            + stride(from: 0, to: 6, by: 2).map { i in
                let start = hex.index(hex.startIndex, offsetBy: i)
                return String(hex[start..<hex.index(start, offsetBy: 2)])
            }.joined(separator: ":")
    }

    /// A stable UUID.
    static func uuid(_ key: UInt64, _ salt: UInt64) -> String {
        let hex = StableHash.hex(key, salt, count: 32).lowercased()
        let parts = [8, 4, 4, 4, 12]
        var result: [String] = []
        var index = hex.startIndex
        for length in parts {
            let end = hex.index(index, offsetBy: length)
            result.append(String(hex[index..<end]))
            index = end
        }
        return result.joined(separator: "-")
    }

    /// The SHA1-like digest of a config (changes with the lock).
    static func digest(_ key: UInt64, lock: String?) -> String {
        StableHash.hex(key, StableHash.string(lock ?? ""), count: 40).lowercased()
    }

    /// The process id of a running guest (stable per process start).
    static func pid(_ key: UInt64, processStart: Double) -> Int {
        1_000 + Int(StableHash.hash(key, UInt64(bitPattern: Int64(processStart))) % 4_000_000)
    }
}
