import Foundation

/// What changed between two consecutive plans, by move.
public struct PlanChanges: Codable, Sendable, Equatable {
    /// When the previous plan was generated.
    public var previousGeneratedAt: Date
    /// vmids newly recommended.
    public var added: [Int]
    /// vmids no longer recommended.
    public var removed: [Int]
    /// Guests still recommended but to another target.
    public var retargeted: [Retarget]
    /// vmids recommended with the same source and target as before.
    public var unchanged: [Int]

    public init(previousGeneratedAt: Date, added: [Int], removed: [Int], retargeted: [Retarget], unchanged: [Int]) {
        self.previousGeneratedAt = previousGeneratedAt
        self.added = added
        self.removed = removed
        self.retargeted = retargeted
        self.unchanged = unchanged
    }

    /// A guest whose recommended target changed.
    public struct Retarget: Codable, Sendable, Equatable {
        public var vmid: Int
        public var from: String
        public var to: String

        public init(vmid: Int, from: String, to: String) {
            self.vmid = vmid
            self.from = from
            self.to = to
        }
    }

    /// Whether anything changed.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && retargeted.isEmpty }
}
