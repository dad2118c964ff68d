public import Contract
public import Foundation

/// One move to validate: the guest, where it is expected, where it should go, and the plan's
/// recommendation when the move comes from a plan.
public struct MoveRequest: Sendable {
    public var vmid: Int
    /// The node the guest is expected on (`nil`: wherever it runs).
    public var source: String?
    public var target: String
    public var origin: MigrationOrigin
    public var recommendation: Recommendation?
    /// When the recommendation's plan was generated.
    public var planGeneratedAt: Date?

    public init(
        vmid: Int, source: String?, target: String, origin: MigrationOrigin, recommendation: Recommendation? = nil,
        planGeneratedAt: Date? = nil
    ) {
        self.vmid = vmid
        self.source = source
        self.target = target
        self.origin = origin
        self.recommendation = recommendation
        self.planGeneratedAt = planGeneratedAt
    }
}
