public import ExecutorPolicy

/// One migration to carry out: the move to validate and how to run it.
public struct MigrationOrder: Sendable {
    public var move: MoveRequest
    /// Validate and record only.
    public var dryRun: Bool
    /// For a VM: `false` asks Proxmox for an offline move (`nil`: live when it runs).
    public var online: Bool?
    /// The `id` of the command that asked for it.
    public var commandId: String?
    /// For a rollback: the migration it undoes.
    public var rollbackOf: String?
    /// Who the command was sent for (its `requested_by`), recorded with the migration.
    public var requestedBy: String?

    public init(
        move: MoveRequest, dryRun: Bool, online: Bool? = nil, commandId: String? = nil, rollbackOf: String? = nil,
        requestedBy: String? = nil
    ) {
        self.move = move
        self.dryRun = dryRun
        self.online = online
        self.commandId = commandId
        self.rollbackOf = rollbackOf
        self.requestedBy = requestedBy
    }
}
