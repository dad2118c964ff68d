import Foundation
import ProxmoxAPI

/// A Proxmox VE version (`8.4.14`, `7.4-16`) with the derived strings the API shows.
struct PVEVersion: Sendable, Comparable {
    let text: String
    let components: [Int]

    init(_ text: String) {
        self.text = text
        components = text.split(whereSeparator: { $0 == "." || $0 == "-" }).map { Int($0) ?? 0 }
    }

    var major: Int { components.first ?? 0 }
    var minor: Int { components.count > 1 ? components[1] : 0 }

    /// `major.minor`.
    var release: String { "\(major).\(minor)" }

    /// 16 hex digits since PVE 8, 8 before (derived from the version text).
    var repoid: String { StableHash.hex(StableHash.string(text), 7, count: major >= 8 ? 16 : 8).lowercased() }

    /// True when this version is at least `major.minor`.
    func atLeast(_ major: Int, _ minor: Int) -> Bool { self >= PVEVersion("\(major).\(minor)") }

    /// Kernel release typical for this version.
    var kernelRelease: String {
        switch major {
        case ..<8: "5.15.108-1-pve"
        case 8: "6.8.12-15-pve"
        default: "6.14.8-2-pve"
        }
    }

    static func < (lhs: PVEVersion, rhs: PVEVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for i in 0..<count {
            let a = i < lhs.components.count ? lhs.components[i] : 0
            let b = i < rhs.components.count ? rhs.components[i] : 0
            if a != b { return a < b }
        }
        return false
    }

    static func == (lhs: PVEVersion, rhs: PVEVersion) -> Bool { !(lhs < rhs) && !(rhs < lhs) }
}
