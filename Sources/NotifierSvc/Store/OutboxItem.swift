import Contract
import Foundation

/// One event waiting for (or done with) one destination.
public struct OutboxItem: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, delivered, dead }

    public var id: Int64
    public var destinationID: String
    public var event: BusEvent
    public var status: Status
    /// Failed attempts so far (429 pauses do not count).
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
}
