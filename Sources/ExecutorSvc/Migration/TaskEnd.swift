/// How a Proxmox task ended.
public struct TaskEnd: Sendable, Equatable {
    public var succeeded: Bool
    /// `OK`, `WARNINGS: N` or Proxmox's error text (the abort reason when the log has one).
    public var text: String

    public init(succeeded: Bool, text: String) {
        self.succeeded = succeeded
        self.text = text
    }
}
