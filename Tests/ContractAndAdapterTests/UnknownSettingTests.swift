import Foundation
import ServiceRuntime
import TestSupport
import Testing

@Suite("Unknown settings")
struct UnknownSettingTests {
    /// A source whose program read `keys` (as its settings code would).
    private func source(_ environment: [String: String], file: [String: String] = [:], read keys: [String] = []) -> ConfigSource {
        let source = ConfigSource(environment: environment, fileValues: file, filePath: file.isEmpty ? nil : "/etc/proxbalance/config.json")
        for key in keys { _ = source.string(key) }
        return source
    }

    @Test("a misspelt own setting is reported with the closest one the program read")
    func misspeltOwnSetting() {
        let source = source(
            ["PROXBALANCE_COLLECTOR_INTERVALL_SECONDS": "5"], read: ["collector.interval_seconds", "collector.concurrency"])
        let unknown = UnknownSetting.find(in: source, section: "collector")
        #expect(
            unknown == [
                UnknownSetting(
                    name: "PROXBALANCE_COLLECTOR_INTERVALL_SECONDS", file: nil, suggestion: "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS")
            ])
        #expect(
            unknown.first?.description
                == "unknown setting PROXBALANCE_COLLECTOR_INTERVALL_SECONDS, ignored (did you mean PROXBALANCE_COLLECTOR_INTERVAL_SECONDS?)")
    }

    @Test("another program's settings, the shared ones (Proxmox, health endpoints) and other variables are not reported")
    func knownElsewhere() {
        let environment = [
            "PROXBALANCE_SCORING_HISTORY_RETENTION_DAYS": "3", "PROXBALANCE_SIM_PORT": "0", "PROXBALANCE_SIM_TOKEN_FILE": "/run/t",
            "PROXBALANCE_PVE_URL": "https://pve:8006", "PROXBALANCE_PVE_TOKEN_FILE": "/run/secrets/pve_token",
            "PROXBALANCE_EXECUTOR_HTTP_BIND": "0.0.0.0:9102", "PROXBALANCE_NOTIFIER_HTTP_BIND": "127.0.0.1:9104",
            "PROXBALANCE_LOG_FORMAT": "json", "PROXBALANCE_CONFIG": "/etc/proxbalance/config.yaml", "PROXBALANCE_MISTYPED": "",
            "HOME": "/root", "PROXBALANCEX": "1",
        ]
        #expect(UnknownSetting.find(in: source(environment), section: "notifier").isEmpty)
        #expect(UnknownSetting.find(in: source(environment, read: ["sim.port", "sim.token", "sim.token_file"]), section: "sim").isEmpty)
    }

    @Test("a misspelt section is reported by every program, with the setting in the closest section")
    func misspeltSection() {
        for (section, read) in [("scoring", ["scoring.history_retention_days"]), ("collector", ["collector.interval_seconds"])] {
            let unknown = UnknownSetting.find(in: source(["PROXBALANCE_COLECTOR_INTERVAL_SECONDS": "5"], read: read), section: section)
            #expect(unknown.map(\.suggestion) == ["PROXBALANCE_COLLECTOR_INTERVAL_SECONDS"], "\(section)")
        }
    }

    @Test("a misspelt key in the configuration file is named with the file and the closest key")
    func misspeltFileKey() {
        let source = source(["PROXBALANCE_WHATNOT": "1"], file: ["mqtt.ulr": "mqtt://broker", "collector.concurrency": "4"])
        let unknown = UnknownSetting.find(in: source, section: "scoring")
        #expect(
            unknown.map(\.description) == [
                "unknown setting PROXBALANCE_WHATNOT, ignored",
                "unknown setting 'mqtt.ulr' in /etc/proxbalance/config.json, ignored (did you mean 'mqtt.url'?)",
            ])
        #expect(unknown.last?.suggestedSetting == "PROXBALANCE_MQTT_URL")
    }

    @Test("a configuration error names a set, unknown setting that looks like a misspelling of it")
    func misspellingHint() throws {
        let source = source(["PROXBALANCE_PVE_ULR": "https://pve:8006"])
        let error = try #require(throws: ConfigurationError.self) { try PVEConnectionConfiguration(source: source) }
        let hinted = error.hinting(misspellingsAmong: UnknownSetting.find(in: source, section: "collector"))
        #expect(hinted.setting == "PROXBALANCE_PVE_URL")
        #expect(hinted.description.hasSuffix("(PROXBALANCE_PVE_ULR is set: a misspelling?)"))
        #expect(!hinted.description.contains("\n"))
        #expect(error.hinting(misspellingsAmong: []) == error)
    }

    @Test("every setting the shared configuration reads is in the shared list, secrets' files too")
    func sharedListCoversReads() throws {
        let directory = try TemporaryDirectory(prefix: "pb-config")
        let secret = directory.path + "/secret"
        _ = FileManager.default.createFile(atPath: secret, contents: Data("root@pam!t=s3cret\n".utf8))
        let source = source([
            "PROXBALANCE_PVE_URL": "https://pve:8006", "PROXBALANCE_PVE_TOKEN_FILE": secret, "PROXBALANCE_MQTT_PASSWORD_FILE": secret,
        ])
        _ = try CommonConfiguration(source: source)
        _ = try PVEConnectionConfiguration(source: source)
        _ = try LogFormat(source: source)
        #expect(source.keysRead.subtracting(KnownSettings.shared).isEmpty, "\(source.keysRead.subtracting(KnownSettings.shared))")
        #expect(source.keysRead.isSuperset(of: ["pve.token_file", "mqtt.password_file", "log.format"]))
    }
}
