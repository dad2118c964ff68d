/// The answer to the executor's `task_log`: the Proxmox task log of one migration, read live.
public struct TaskLogReply: Codable, Sendable, Equatable {
    /// The migration asked about.
    public var migrationId: String
    /// The task whose log this is: the migration task (`upid`), else the HA request (`ha_upid`).
    public var upid: String
    /// The node the task runs on (where its log lives).
    public var node: String
    /// The log's lines from the first, at most the request's `limit`.
    public var lines: [String]
    /// True when the task has ended and `lines` holds its whole log; false while it runs or
    /// when the log has more lines than `limit`.
    public var complete: Bool

    public init(migrationId: String, upid: String, node: String, lines: [String], complete: Bool) {
        self.migrationId = migrationId
        self.upid = upid
        self.node = node
        self.lines = lines
        self.complete = complete
    }
}
