import Foundation
import ServiceRuntime
import TestSupport
import Testing

@Suite("Configuration files and log format")
struct ConfigFileTests {
    @Test("a YAML file is read like the JSON one: sections as dotted keys, scalars as written, nulls as unset")
    func yamlFile() throws {
        let directory = try TemporaryDirectory(prefix: "pb-config")
        let path = directory.path + "/config.yml"
        let yaml = """
            base_topic: pb
            cluster: no            # a name, not a boolean
            data_dir: ~
            pve:
              url: "https://f:8006"
              verify_tls: false
            collector:
              interval_seconds: 15
            notifier:
              tags: [a, b]
            """
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        let source = try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": path])
        #expect(source.fileKeys == ["base_topic", "cluster", "pve.url", "pve.verify_tls", "collector.interval_seconds", "notifier.tags"])
        #expect(source.string("base_topic") == "pb")
        #expect(source.string("cluster") == "no")
        #expect(source.string("data_dir") == nil)
        #expect(source.string("pve.url") == "https://f:8006")
        #expect(try source.bool("pve.verify_tls", default: true) == false)
        #expect(try source.double("collector.interval_seconds", default: 60, in: 1...3600) == 15)
        #expect(source.string("notifier.tags") == "a,b")
    }

    @Test("a YAML file that is not a mapping, or not YAML, names PROXBALANCE_CONFIG", arguments: ["- a\n- b\n", "key: [unclosed\n"])
    func badYAML(content: String) throws {
        let directory = try TemporaryDirectory(prefix: "pb-config")
        let path = directory.path + "/config.yaml"
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError(setting: "PROXBALANCE_CONFIG", problem: "\(path) is not a YAML mapping")) {
            try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": path])
        }
    }

    @Test("the example configuration in YAML holds the same settings as the JSON one")
    func examplesAgree() throws {
        let config = SimulatorScenarios.packageRoot.appendingPathComponent("config")
        let json = try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": config.appendingPathComponent("proxbalance.json").path])
        let yaml = try ConfigSource.load(environment: ["PROXBALANCE_CONFIG": config.appendingPathComponent("proxbalance.example.yaml").path])
        #expect(json.fileKeys.count >= 8)
        #expect(yaml.fileKeys == json.fileKeys)
        for key in json.fileKeys {
            #expect(yaml.string(key) == json.string(key), "\(key)")
        }
        #expect(UnknownSetting.find(in: json, section: "scoring").isEmpty)
    }

    @Test("log.format: text by default, json in any case, anything else a configuration error listing both")
    func logFormat() throws {
        #expect(try LogFormat(source: ConfigSource(environment: [:])) == .text)
        #expect(try LogFormat(source: ConfigSource(environment: ["PROXBALANCE_LOG_FORMAT": "JSON"])) == .json)
        #expect(try LogFormat(source: ConfigSource(environment: [:], fileValues: ["log.format": "json"])) == .json)
        #expect(
            throws: ConfigurationError(setting: "PROXBALANCE_LOG_FORMAT", problem: "'xml' is not one of text, json")
        ) { try LogFormat(source: ConfigSource(environment: ["PROXBALANCE_LOG_FORMAT": "xml"])) }
    }
}
