public import Contract
public import Foundation

/// A finished migration from the executor's journal, as the automation policy needs it.
public struct PastMigration: Sendable, Equatable {
    public var vmid: Int
    public var source: String
    public var target: String
    public var finishedAt: Date
    public var succeeded: Bool
    public var origin: MigrationOrigin

    public init(vmid: Int, source: String, target: String, finishedAt: Date, succeeded: Bool, origin: MigrationOrigin) {
        self.vmid = vmid
        self.source = source
        self.target = target
        self.finishedAt = finishedAt
        self.succeeded = succeeded
        self.origin = origin
    }
}
