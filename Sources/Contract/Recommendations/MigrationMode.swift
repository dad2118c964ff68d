/// How Proxmox moves a guest: live, offline (stopped guests) or with a restart (running containers).
public enum MigrationMode: String, Codable, Sendable, CaseIterable {
    /// A running VM moves live (`qm migrate … --online`).
    case online
    /// A stopped guest moves as it is and stays stopped (`qm migrate …` / `pct migrate …`).
    case offline
    /// A running container is shut down, moved and started again (`pct migrate … --restart`).
    case restart
}
