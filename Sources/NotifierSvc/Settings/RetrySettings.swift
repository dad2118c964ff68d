import Contract
import Foundation

/// How failed deliveries are retried (5xx, timeouts, connection failures). 429 answers wait
/// for the advertised time instead and do not count as attempts.
public struct RetrySettings: Codable, Sendable, Equatable {
    /// First wait; doubles with every attempt.
    public var baseSeconds: Double
    /// Longest wait between two attempts.
    public var maxSeconds: Double
    /// Attempts before a message is given up (and `delivery_failed` published).
    public var maxAttempts: Int

    public init(baseSeconds: Double = 2, maxSeconds: Double = 600, maxAttempts: Int = 12) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
        self.maxAttempts = maxAttempts
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case baseSeconds, maxSeconds, maxAttempts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RetrySettings()
        self.init(
            baseSeconds: try c.decodeIfPresent(Double.self, forKey: .baseSeconds) ?? defaults.baseSeconds,
            maxSeconds: try c.decodeIfPresent(Double.self, forKey: .maxSeconds) ?? defaults.maxSeconds,
            maxAttempts: try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? defaults.maxAttempts)
    }

    /// Allowed range of `base_seconds` (and at most `max_seconds`).
    public static let baseRange: ClosedRange<Double> = 0.1...3600
    /// Allowed range of `max_seconds`.
    public static let maxRange: ClosedRange<Double> = 1...86_400
    /// Allowed range of `max_attempts`.
    public static let attemptsRange = 1...1000

    /// Refuses a value out of range, naming `retry.<key>`.
    public func validate() throws(ReplyError) {
        try InputCheck.number(baseSeconds, "retry.base_seconds", in: Self.baseRange)
        try InputCheck.number(maxSeconds, "retry.max_seconds", in: Self.maxRange)
        guard baseSeconds <= maxSeconds else {
            throw .invalid(
                "retry.base_seconds: must be at most retry.max_seconds (\(InputCheck.text(maxSeconds))), got \(InputCheck.text(baseSeconds))")
        }
        try InputCheck.integer(maxAttempts, "retry.max_attempts", in: Self.attemptsRange)
    }

    /// The wait before attempt `attempt + 1` after `attempt` failures (1-based): exponential
    /// backoff capped at `maxSeconds`, with "equal jitter": half fixed, half `random` (0…1).
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let full = min(maxSeconds, baseSeconds * pow(2, exponent))
        return full / 2 + full / 2 * min(1, max(0, random))
    }
}
