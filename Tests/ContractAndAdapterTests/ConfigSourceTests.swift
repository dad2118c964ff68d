import Foundation
import Logging
import ProxmoxAPI
import ServiceRuntime
import Testing

@Suite("Configuration")
struct ConfigSourceTests {
    @Test("environment names derive from the dotted key")
    func environmentNames() {
        #expect(ConfigSource.environmentName("pve.url") == "PROXBALANCE_PVE_URL")
        #expect(ConfigSource.environmentName("collector.interval_seconds") == "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS")
        #expect(ConfigSource.environmentName("base_topic") == "PROXBALANCE_BASE_TOPIC")
    }

    @Test("the environment wins over the file, and the file over defaults")
    func precedence() throws {
        let source = ConfigSource(
            environment: ["PROXBALANCE_PVE_URL": "https://env:8006"],
            fileValues: ["pve.url": "https://file:8006", "collector.concurrency": "4"])
        #expect(source.string("pve.url") == "https://env:8006")
        #expect(try source.int("collector.concurrency", default: 8, in: 1...64) == 4)
        #expect(try source.int("collector.config_refresh_cycles", default: 10, in: 1...100) == 10)
    }

    @Test("a JSON file with sections is flattened into dotted keys")
    func fileSections() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config.json")
        try Data(#"{"base_topic":"pb","pve":{"url":"https://f:8006","verify_tls":false},"collector":{"interval_seconds":15}}"#.utf8)
            .write(to: file)
        let source = try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": file.path])
        #expect(source.string("base_topic") == "pb")
        #expect(source.string("pve.url") == "https://f:8006")
        #expect(try source.bool("pve.verify_tls", default: true) == false)
        #expect(try source.double("collector.interval_seconds", default: 60, in: 1...3600) == 15)
    }

    @Test("an unreadable or non-JSON config file names PROXBALANCE_CONFIG")
    func badFile() throws {
        #expect(throws: ConfigurationError.self) {
            try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": "/nonexistent/pb.json"])
        }
        do {
            _ = try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": "/nonexistent/pb.json"])
        } catch let error as ConfigurationError {
            #expect(error.setting == "PROXBALANCE_CONFIG")
        }
    }

    @Test("secrets are read from *_FILE, trimmed, and an empty file is an error")
    func secretFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pb-secret-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data("root@pam!t=s3cret\n".utf8))
        let source = ConfigSource(environment: ["PROXBALANCE_PVE_TOKEN_FILE": path])
        #expect(try source.secret("pve.token") == "root@pam!t=s3cret")

        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(throws: ConfigurationError(setting: "PROXBALANCE_PVE_TOKEN_FILE", problem: "the secret file \(path) is empty")) {
            try source.secret("pve.token")
        }
    }

    @Test(
        "a wrong value is one line naming the setting",
        arguments: [
            (["PROXBALANCE_COLLECTOR_CONCURRENCY": "0"], "PROXBALANCE_COLLECTOR_CONCURRENCY"),
            (["PROXBALANCE_COLLECTOR_CONCURRENCY": "many"], "PROXBALANCE_COLLECTOR_CONCURRENCY"),
        ])
    func wrongInteger(environment: [String: String], setting: String) {
        let source = ConfigSource(environment: environment)
        do {
            _ = try source.int("collector.concurrency", default: 8, in: 1...64)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.setting == setting)
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("common settings: defaults, and invalid values rejected by name")
    func commonSettings() throws {
        let defaults = try CommonConfiguration(source: ConfigSource(environment: [:]))
        #expect(defaults.mqttURL == "mqtt://127.0.0.1:1883")
        #expect(defaults.baseTopic == "proxbalance")
        #expect(defaults.cluster == nil)
        #expect(defaults.logLevel == .info)
        #expect(defaults.consoleURL == nil)
        let console = try CommonConfiguration(source: ConfigSource(environment: ["PROXBALANCE_CONSOLE_URL": "https://pb.example.com"]))
        #expect(console.consoleURL == "https://pb.example.com")

        let cases: [([String: String], String)] = [
            (["PROXBALANCE_MQTT_URL": "http://broker"], "PROXBALANCE_MQTT_URL"),
            (["PROXBALANCE_BASE_TOPIC": "pb/#"], "PROXBALANCE_BASE_TOPIC"),
            (["PROXBALANCE_CLUSTER": "a/b"], "PROXBALANCE_CLUSTER"),
            (["PROXBALANCE_LOG_LEVEL": "loud"], "PROXBALANCE_LOG_LEVEL"),
            (["PROXBALANCE_CONSOLE_URL": "ftp://pb.example.com"], "PROXBALANCE_CONSOLE_URL"),
        ]
        for (environment, setting) in cases {
            #expect(throws: ConfigurationError.self) { try CommonConfiguration(source: ConfigSource(environment: environment)) }
            do {
                _ = try CommonConfiguration(source: ConfigSource(environment: environment))
            } catch let error as ConfigurationError {
                #expect(error.setting == setting)
            }
        }
    }

    @Test("Proxmox connection: token required, fingerprint parsed, bad URL named")
    func pveConnection() throws {
        let fingerprint = (0..<32).map { String(format: "%02X", $0) }.joined(separator: ":")
        let good = try PVEConnectionConfiguration(
            source: ConfigSource(environment: [
                "PROXBALANCE_PVE_URL": "https://pve1:8006", "PROXBALANCE_PVE_TOKEN": "monitor@pve!collector=abc",
                "PROXBALANCE_PVE_FINGERPRINT": fingerprint,
            ]))
        #expect(good.fingerprint == Array(0..<32))
        #expect(good.token.tokenID == "monitor@pve!collector")

        let missingToken = ConfigSource(environment: ["PROXBALANCE_PVE_URL": "https://pve1:8006"])
        do {
            _ = try PVEConnectionConfiguration(source: missingToken)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.setting == "PROXBALANCE_PVE_TOKEN")
        }
        let badURL = ConfigSource(environment: ["PROXBALANCE_PVE_URL": "pve1:8006", "PROXBALANCE_PVE_TOKEN": "a@pam!b=c"])
        do {
            _ = try PVEConnectionConfiguration(source: badURL)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.setting == "PROXBALANCE_PVE_URL")
        }
        let leaky = ConfigSource(environment: ["PROXBALANCE_PVE_URL": "https://pve1:8006", "PROXBALANCE_PVE_TOKEN": "no-secret-here=topsecret"])
        do {
            _ = try PVEConnectionConfiguration(source: leaky)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(!error.description.contains("topsecret"))
        }
    }
}
