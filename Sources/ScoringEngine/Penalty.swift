import Contract

/// One applied penalty: its family, points and why, e.g. `cpu_current: 20 (82.0 % > 60 %)`.
public struct Penalty: Codable, Sendable, Equatable, CustomStringConvertible {
    public var family: PenaltyFamily
    public var value: Double
    /// The measured value against its limit, e.g. `82.0 % > 60 %`.
    public var reason: String

    public init(family: PenaltyFamily, value: Double, reason: String) {
        self.family = family
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(family.rawValue): \(Self.format(value)) (\(reason))" }

    /// Whole numbers without decimals, others with `decimals` digits (half away from zero).
    static func format(_ number: Double, decimals: Int = 1) -> String {
        if number == number.rounded() && decimals <= 1 { return String(Int(number)) }
        return Rounding.string(number, decimals: decimals)
    }
}
