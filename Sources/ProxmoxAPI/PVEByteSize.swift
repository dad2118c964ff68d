import Foundation

/// Byte sizes as Proxmox writes them in configs (`size=32G`) and in task logs (`1.1 GiB`).
public enum PVEByteSize {
    /// Bytes from a config size: a number with an optional binary suffix `K`, `M`, `G` or `T`
    /// (`32G`, `512M`, `1.5T`); no suffix means bytes. `nil` when malformed.
    public static func parseConfigSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return nil }
        var number = Substring(trimmed)
        var exponent = 0
        if let index = "KMGT".firstIndex(of: last.uppercased().first ?? last) {
            exponent = "KMGT".distance(from: "KMGT".startIndex, to: index) + 1
            number = trimmed.dropLast()
        }
        return bytes(number, exponent: exponent)
    }

    /// Bytes from a `render_bytes` value such as `1.1 GiB`, `399.1 MiB` or `512 B` (units
    /// `B KiB MiB GiB TiB PiB`). `nil` when malformed.
    public static func parseRendered(_ text: String) -> Int? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let exponent = renderedUnits.firstIndex(of: String(parts[1])) else { return nil }
        return bytes(parts[0], exponent: exponent)
    }

    private static let renderedUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]

    private static func bytes(_ number: Substring, exponent: Int) -> Int? {
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value.isFinite
        else { return nil }
        let result = (value * pow(1024, Double(exponent))).rounded()
        guard result <= 9.0e18 else { return nil }
        return Int(result)
    }
}
