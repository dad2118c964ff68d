import Foundation

/// Parses the SHA-256 certificate fingerprints Proxmox shows (`AB:CD:…`) into the 32 bytes
/// `HTTPClientConfiguration.pinnedSHA256` expects.
public enum CertificateFingerprint {
    /// Why a fingerprint string was rejected. Never echoes the input.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "invalid SHA-256 certificate fingerprint: \(reason)" }
    }

    /// Accepts 64 hex digits in any case, either bare or as 32 colon-separated pairs;
    /// surrounding whitespace is ignored.
    public static func parse(_ text: String) throws(ParseError) -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let groups = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        let digits: [UInt8]
        if groups.count == 1 {
            digits = Array(trimmed.utf8)
            guard digits.count == 64 else {
                throw ParseError(reason: "expected 64 hex digits, got \(trimmed.count) characters")
            }
        } else {
            guard groups.count == 32, groups.allSatisfy({ $0.utf8.count == 2 }) else {
                throw ParseError(reason: "expected 32 colon-separated pairs of hex digits, got \(groups.count) groups")
            }
            digits = groups.flatMap { Array($0.utf8) }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in 0..<32 {
            guard let high = hexValue(digits[2 * index]), let low = hexValue(digits[2 * index + 1]) else {
                throw ParseError(reason: "byte \(index + 1) is not two hex digits")
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ ascii: UInt8) -> UInt8? {
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): ascii - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): ascii - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): ascii - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
