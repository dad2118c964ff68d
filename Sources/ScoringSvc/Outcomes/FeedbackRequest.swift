import Contract
import Foundation

/// The `feedback` request: `{"id": "1", "recommendation_id": "101:pve3:pve5", "helpful": false,
/// "reason": "target is busy at night"}` — `recommendation_id` a move recommended in the last
/// 30 days, `reason` optional, 1–200 characters after trimming, no control characters.
public struct FeedbackRequest: Codable, Sendable, Equatable, RequestBody {
    public var recommendationId: String
    public var helpful: Bool
    public var reason: String?

    public init(recommendationId: String, helpful: Bool, reason: String? = nil) {
        self.recommendationId = recommendationId
        self.helpful = helpful
        self.reason = reason
    }

    public static let keys = ["recommendation_id", "helpful", "reason"]

    /// The longest reason, in characters.
    public static let maximumReason = 200

    public func check() throws(ReplyError) {
        guard (1...200).contains(recommendationId.count), !recommendationId.contains(where: \.isControl) else {
            throw .invalid("recommendation_id: must be a recommendation's id like 101:pve3:pve5")
        }
        guard let reason else { return }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid("reason: must not be empty; leave it out instead") }
        guard trimmed.count <= Self.maximumReason else {
            throw .invalid("reason: \(trimmed.count) characters, at most \(Self.maximumReason)")
        }
        guard !trimmed.contains(where: \.isControl) else { throw .invalid("reason: must not contain control characters") }
    }
}

extension Character {
    fileprivate var isControl: Bool { unicodeScalars.contains { $0.properties.generalCategory == .control } }
}
