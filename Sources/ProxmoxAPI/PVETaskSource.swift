/// The `source` filter of `GET /nodes/{node}/tasks`.
public enum PVETaskSource: String, Sendable, Hashable, CaseIterable {
    /// Finished tasks (the Proxmox default).
    case archive
    /// Running tasks.
    case active
    case all
}
