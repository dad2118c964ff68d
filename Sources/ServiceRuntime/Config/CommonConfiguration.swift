import Contract
import Foundation
import Logging

/// Settings every service shares: the broker, the topic tree, the data folder, the log level.
public struct CommonConfiguration: Sendable {
    /// `mqtt://[user:pass@]host[:port]` or `mqtts://…`.
    public var mqttURL: String
    /// Broker user and password when not given in the URL (password may come from a file).
    public var mqttUsername: String?
    public var mqttPassword: String?
    /// CA bundle for `mqtts://` brokers with a private CA.
    public var mqttCAFile: String?
    public var baseTopic: String
    /// Cluster id in topics; `nil` means "the Proxmox cluster name" (learned at start).
    public var cluster: String?
    public var dataDirectory: String
    public var logLevel: Logger.Level
    /// Seconds a command dated with `sent_at` stays acceptable (see `RequestAdmission`).
    public var commandMaxAgeSeconds: Double
    /// Where Home Assistant announces itself (`online` → discovery is republished).
    public var homeAssistantStatusTopic: String
    /// The web console's address (`PROXBALANCE_CONSOLE_URL`), shown in Home Assistant as the
    /// devices' configuration URL; `nil` when not set.
    public var consoleURL: String?

    public init(
        mqttURL: String = "mqtt://127.0.0.1:1883", mqttUsername: String? = nil, mqttPassword: String? = nil,
        mqttCAFile: String? = nil, baseTopic: String = "proxbalance", cluster: String? = nil,
        dataDirectory: String = "./data", logLevel: Logger.Level = .info,
        commandMaxAgeSeconds: Double = RequestAdmission.defaultMaxAge, homeAssistantStatusTopic: String = "homeassistant/status",
        consoleURL: String? = nil
    ) {
        self.mqttURL = mqttURL
        self.mqttUsername = mqttUsername
        self.mqttPassword = mqttPassword
        self.mqttCAFile = mqttCAFile
        self.baseTopic = baseTopic
        self.cluster = cluster
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.commandMaxAgeSeconds = commandMaxAgeSeconds
        self.homeAssistantStatusTopic = homeAssistantStatusTopic
        self.consoleURL = consoleURL
    }

    /// Reads and validates the shared settings.
    public init(source: ConfigSource) throws {
        let url = source.string("mqtt.url") ?? "mqtt://127.0.0.1:1883"
        guard url.hasPrefix("mqtt://") || url.hasPrefix("mqtts://") else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("mqtt.url"), problem: "must start with mqtt:// or mqtts:// (got a different scheme)")
        }
        let base = source.string("base_topic") ?? "proxbalance"
        guard !base.isEmpty, base.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ Topics.isValidLevel(String($0)) })
        else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("base_topic"),
                problem: "'\(base)' is not a valid MQTT topic prefix (no +, #, empty levels or leading $)")
        }
        let cluster = source.string("cluster")
        if let cluster, !Topics.isValidLevel(cluster) {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("cluster"), problem: "'\(cluster)' cannot be one topic level (no /, +, # or leading $)")
        }
        let levelText = source.string("log_level") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("log_level"),
                problem: "'\(levelText)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let haStatus = source.string("ha_status_topic") ?? "homeassistant/status"
        guard !haStatus.isEmpty, haStatus.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ Topics.isValidLevel(String($0)) })
        else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("ha_status_topic"),
                problem: "'\(haStatus)' is not a valid MQTT topic (no +, #, empty levels or leading $)")
        }
        let consoleURL = source.string("console_url")
        if let consoleURL, !(consoleURL.hasPrefix("http://") || consoleURL.hasPrefix("https://")) || consoleURL.count > 2048 {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("console_url"), problem: "must be an http:// or https:// URL of at most 2048 characters")
        }
        self.init(
            mqttURL: url, mqttUsername: source.string("mqtt.username"), mqttPassword: try source.secret("mqtt.password"),
            mqttCAFile: source.string("mqtt.ca_file"), baseTopic: base, cluster: cluster,
            dataDirectory: source.string("data_dir") ?? "./data", logLevel: level,
            commandMaxAgeSeconds: try source.double("command_max_age_seconds", default: RequestAdmission.defaultMaxAge, in: 1...86_400),
            homeAssistantStatusTopic: haStatus, consoleURL: consoleURL)
    }

    /// How commands, requests and settings updates are admitted under these settings.
    public var admission: RequestAdmission { RequestAdmission(maxAge: commandMaxAgeSeconds) }
}
