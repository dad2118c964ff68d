import Contract

/// What every program knows of the settings besides the keys it reads itself, so that it can
/// tell an unknown setting (`UnknownSetting`) from one meant for another program.
public enum KnownSettings {
    /// The dotted keys of the settings the services share — broker, topics, data, logging,
    /// Proxmox — and each service's health endpoint; known to every program whether it reads
    /// them or not.
    public static let shared: Set<String> = Set(
        [
            "config", "mqtt.url", "mqtt.username", "mqtt.password", "mqtt.password_file", "mqtt.ca_file", "base_topic", "cluster",
            "data_dir", "log_level", "ha_status_topic", "console_url", "log.format", "command_max_age_seconds", "pve.url", "pve.token",
            "pve.token_file",
            "pve.verify_tls", "pve.fingerprint",
        ] + ServiceName.allCases.map { "\($0.rawValue).http_bind" })

    /// The simulator's section (`PROXBALANCE_SIM_*`).
    public static let simulatorSection = "sim"

    /// The first key level of each program's own settings: `collector` … `notifier`, and `sim`
    /// for `pb-pvesim`. A program takes a key in another program's section as that program's.
    public static let sections: [String] = ServiceName.allCases.map(\.rawValue) + [simulatorSection]
}
