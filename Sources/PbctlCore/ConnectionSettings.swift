public import Contract
public import Foundation

/// How pbctl reaches the bus, from (strongest first) its flags, the services' own environment
/// variables (`PROXBALANCE_MQTT_URL`, `_USERNAME`, `_PASSWORD`, `_PASSWORD_FILE`, `_CA_FILE`,
/// `PROXBALANCE_BASE_TOPIC`, `PROXBALANCE_CLUSTER`) and `~/.config/proxbalance/pbctl.json`.
public struct ConnectionSettings: Sendable, Equatable {
    public var url: String
    /// The broker account; `nil` uses the one in the URL, if any.
    public var username: String?
    public var password: String?
    public var caFile: String?
    public var baseTopic: String
    /// The cluster to act on; `nil` means the only one on the bus.
    public var cluster: String?

    public init(
        url: String = "mqtt://127.0.0.1:1883", username: String? = nil, password: String? = nil, caFile: String? = nil,
        baseTopic: String = "proxbalance", cluster: String? = nil
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.caFile = caFile
        self.baseTopic = baseTopic
        self.cluster = cluster
    }

    /// What the command line gave.
    public struct Flags: Sendable, Equatable {
        public var url: String?
        public var user: String?
        public var passwordFile: String?
        public var caFile: String?
        public var baseTopic: String?
        public var cluster: String?

        public init(
            url: String? = nil, user: String? = nil, passwordFile: String? = nil, caFile: String? = nil, baseTopic: String? = nil,
            cluster: String? = nil
        ) {
            self.url = url
            self.user = user
            self.passwordFile = passwordFile
            self.caFile = caFile
            self.baseTopic = baseTopic
            self.cluster = cluster
        }
    }

    /// The keys `pbctl.json` may hold.
    public static let fileKeys: Set<String> = ["url", "username", "password", "password_file", "ca_file", "base_topic", "cluster"]

    /// `$XDG_CONFIG_HOME/proxbalance/pbctl.json`, else `$HOME/.config/proxbalance/pbctl.json`.
    public static func defaultFilePath(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/proxbalance/pbctl.json" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/proxbalance/pbctl.json"
    }

    /// Resolves the settings. `file` is the configuration file's content (`nil`: none);
    /// `readSecret` reads a password file.
    /// - Throws: `PbctlFailure` (usage) naming the setting that is wrong.
    public static func resolve(
        flags: Flags, environment: [String: String], file: (path: String, content: [UInt8])?,
        readSecret: (String) throws -> String
    ) throws(PbctlFailure) -> ConnectionSettings {
        var fileValues: [String: String] = [:]
        if let file {
            guard case .object(let members)? = try? JSONValue.parse(file.content) else {
                throw PbctlFailure(.usage, "\(file.path): not a JSON object")
            }
            for (key, value) in members {
                guard fileKeys.contains(key) else {
                    throw PbctlFailure(.usage, "\(file.path): unknown key '\(key)' (known: \(fileKeys.sorted().joined(separator: ", ")))")
                }
                guard let text = value.string else { throw PbctlFailure(.usage, "\(file.path): '\(key)' must be a string") }
                fileValues[key] = text
            }
        }
        func env(_ name: String) -> String? {
            guard let value = environment["PROXBALANCE_" + name], !value.isEmpty else { return nil }
            return value
        }
        var settings = ConnectionSettings()
        settings.url = flags.url ?? env("MQTT_URL") ?? fileValues["url"] ?? settings.url
        guard settings.url.hasPrefix("mqtt://") || settings.url.hasPrefix("mqtts://") else {
            throw PbctlFailure(.usage, "the broker URL must start with mqtt:// or mqtts://")
        }
        settings.username = flags.user ?? env("MQTT_USERNAME") ?? fileValues["username"]
        settings.caFile = flags.caFile ?? env("MQTT_CA_FILE") ?? fileValues["ca_file"]
        settings.baseTopic = flags.baseTopic ?? env("BASE_TOPIC") ?? fileValues["base_topic"] ?? settings.baseTopic
        guard settings.baseTopic.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ Topics.isValidLevel(String($0)) })
        else {
            throw PbctlFailure(.usage, "'\(settings.baseTopic)' is not a valid base topic (no +, #, empty levels or leading $)")
        }
        settings.cluster = flags.cluster ?? env("CLUSTER") ?? fileValues["cluster"]
        if let cluster = settings.cluster, !Topics.isValidLevel(cluster) {
            throw PbctlFailure(.usage, "'\(cluster)' cannot be a cluster id (no /, +, # or leading $)")
        }
        let passwordFile: String?
        if let path = flags.passwordFile {
            passwordFile = path
        } else if let password = env("MQTT_PASSWORD") {
            settings.password = password
            passwordFile = nil
        } else {
            passwordFile = env("MQTT_PASSWORD_FILE") ?? (fileValues["password"] == nil ? fileValues["password_file"] : nil)
            settings.password = passwordFile == nil ? fileValues["password"] : nil
        }
        if let passwordFile {
            do {
                let text = try readSecret(passwordFile).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw PbctlFailure(.usage, "the password file \(passwordFile) is empty") }
                settings.password = text
            } catch let failure as PbctlFailure {
                throw failure
            } catch {
                throw PbctlFailure(.usage, "cannot read the password file \(passwordFile)")
            }
        }
        return settings
    }
}
