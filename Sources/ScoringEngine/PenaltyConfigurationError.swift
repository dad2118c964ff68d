import Contract

/// A penalty configuration value that is out of range, named by its snake_case key.
public struct PenaltyConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The snake_case key of the first invalid field, e.g. `weight_current`.
    public let field: String
    /// What is wrong with it, in one line.
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `value` outside `range`: "must be from 0 to 1000, got 1e+300".
    public init(field: String, value: Double, range: ClosedRange<Double>) {
        let bounds = "\(InputCheck.text(range.lowerBound)) to \(InputCheck.text(range.upperBound))"
        self.init(field: field, message: "must be from \(bounds), got \(InputCheck.text(value))")
    }

    public var description: String { "\(field): \(message)" }
}
