/// The migration tasks of a guest that already existed on its source node just before the
/// executor asked Proxmox to migrate it. Whatever task this migration started is not among them,
/// whatever the clocks of the executor and Proxmox say.
public struct TaskFence: Sendable, Equatable {
    /// The node whose task list was read (the migration's source).
    public var node: String
    /// UPIDs of the migration tasks of the guest listed on `node` then.
    public var known: Set<String>

    public init(node: String, known: Set<String>) {
        self.node = node
        self.known = known
    }
}
