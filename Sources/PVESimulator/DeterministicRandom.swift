import Foundation

/// SplitMix64: a small, fast, seedable generator; identical output for the same seed everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform double in 0..<1.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform integer in 0..<bound.
    public mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// The SplitMix64 finalizer, also used as a stateless hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Stateless hashing of small integer tuples to uniform values (noise without stored history).
enum StableHash {
    static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> UInt64 {
        SplitMix64.mix(SplitMix64.mix(SplitMix64.mix(a &+ 0x632B_E59B_D9B4_E019) ^ b) ^ c)
    }

    /// A uniform double in 0..<1 for the tuple.
    static func unit(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> Double {
        Double(hash(a, b, c) >> 11) * 0x1.0p-53
    }

    /// FNV-1a of a string, to turn names into hash inputs.
    static func string(_ text: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01B3
        }
        return value
    }

    /// `count` hex digits derived from the tuple (upper-case).
    static func hex(_ a: UInt64, _ b: UInt64, count: Int) -> String {
        var text = ""
        var round: UInt64 = 0
        while text.count < count {
            text += String(hash(a, b, round), radix: 16, uppercase: true).leftPadded(to: 16)
            round += 1
        }
        return String(text.prefix(count))
    }
}
