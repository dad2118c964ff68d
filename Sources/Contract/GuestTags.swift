/// The ProxBalance tags on a guest (Proxmox tags, matched case-insensitively).
public struct GuestTags: Sendable, Equatable {
    /// `ignore`: never recommended (a maintenance evacuation still moves it).
    public var ignore: Bool
    /// `exclude_<group>` tags: no two guests sharing one may run on one node.
    public var antiAffinity: [String]
    /// `affinity_<group>`: companions on one node move together.
    public var affinity: String?
    /// `no-auto-migrate`: automation never moves it (manual moves and evacuations still may).
    public var noAutoMigrate: Bool
    /// `auto-migrate-ok`: the opt-in tag of automation's whitelist mode.
    public var autoMigrateOK: Bool

    public init(_ tags: [String]) {
        let lowered = tags.map { $0.lowercased() }
        ignore = lowered.contains("ignore")
        antiAffinity = lowered.filter { $0.hasPrefix("exclude_") && $0.count > "exclude_".count }
        affinity = lowered.first { $0.hasPrefix("affinity_") && $0.count > "affinity_".count }
        noAutoMigrate = lowered.contains("no-auto-migrate")
        autoMigrateOK = lowered.contains("auto-migrate-ok")
    }
}

extension GuestState {
    /// Proxmox HA manages it (an HA resource whose requested state is not `ignored`).
    public var isHAManaged: Bool { ha.map { $0.state != "ignored" } ?? false }
}
