import CollectorSvc
import Foundation
import Logging
import MQTT
import ServiceRuntime
import TestSupport
import Testing

/// What an admin sees of a service's start on standard error: JSON log lines when asked for,
/// unknown settings with the closest known name.
@Suite("Service logs and unknown settings", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct LogAndSettingsProcessTests {
    @Test(
        "with PROXBALANCE_LOG_FORMAT=json every line on standard error is a JSON object with time, level, service and cluster, and unknown settings are warned about with the closest known name",
        .timeLimit(.minutes(1)))
    func jsonLogsAndUnknownSettings() async throws {
        let directory = try TemporaryDirectory(prefix: "json-logs")
        let config = directory.path + "/config.json"
        try Data(#"{"mqtt": {"ulr": "mqtt://elsewhere"}, "collector": {"interval_seconds": 5}}"#.utf8).write(to: URL(fileURLWithPath: config))
        let lines = try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Logger(label: "test"))
            try await observer.connect()
            let availability = try await AvailabilityWatch(observer, topic: "proxbalance/lab/scoring/availability")
            let service = try BuiltExecutable.start(
                "pb-scoring", [],
                environment: [
                    "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": "lab", "PROXBALANCE_DATA_DIR": directory.path,
                    "PROXBALANCE_LOG_FORMAT": "json", "PROXBALANCE_LOG_LEVEL": "debug", "PROXBALANCE_CONFIG": config,
                    "PROXBALANCE_SCORING_HISTORY_RETENTON_DAYS": "3",
                ],
                capturingStandardError: true)
            defer { service.terminate() }
            try await availability.online()
            service.signal(SIGTERM)
            #expect(await service.exitStatus() == 0)
            await observer.disconnect()
            var lines: [String] = []
            for await line in service.standardErrorLines { lines.append(line) }
            return lines
        }
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        #expect(objects.count >= 3, "\(lines)")
        for object in objects {
            #expect(object["service"] as? String == "scoring")
            #expect(Logger.Level(rawValue: object["level"] as? String ?? "") != nil)
            #expect((object["time"] as? String)?.hasSuffix("Z") == true)
            #expect(object["cluster"] as? String == "lab")
            #expect(object["message"] is String)
        }
        let warnings = objects.filter { $0["level"] as? String == "warning" }.compactMap { $0["message"] as? String }
        #expect(
            warnings.contains(
                "unknown setting PROXBALANCE_SCORING_HISTORY_RETENTON_DAYS, ignored (did you mean PROXBALANCE_SCORING_HISTORY_RETENTION_DAYS?)"),
            "\(warnings)")
        #expect(warnings.contains("unknown setting 'mqtt.ulr' in \(config), ignored (did you mean 'mqtt.url'?)"), "\(warnings)")
        #expect(!warnings.contains { $0.contains("collector.interval_seconds") }, "another service's setting")
        #expect(objects.contains { $0["message"] as? String == "starting" })
    }

    @Test("a missing setting whose misspelling is set says so, on its one line", .timeLimit(.minutes(1)))
    func misspeltRequiredSetting() throws {
        let result = try BuiltExecutable.run(
            "pb-collector", [], environment: ["PROXBALANCE_PVE_URL": "", "PROXBALANCE_PVE_ULR": "https://pve:8006", "PROXBALANCE_LOG_FORMAT": "json"])
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("pb-collector: configuration error: PROXBALANCE_PVE_URL: is missing"))
        #expect(result.standardError.hasSuffix("(PROXBALANCE_PVE_ULR is set: a misspelling?)\n"))
    }

    @Test("the example configurations hold no setting the collector does not know")
    func exampleConfigurationIsKnown() throws {
        for name in ["proxbalance.json", "proxbalance.example.yaml"] {
            let path = SimulatorScenarios.packageRoot.appendingPathComponent("config/\(name)").path
            let source = try ConfigSource.load(environment: [
                "PROXBALANCE_CONFIG": path, "PROXBALANCE_PVE_URL": "https://pve:8006", "PROXBALANCE_PVE_TOKEN": "root@pam!t=s",
            ])
            _ = try CommonConfiguration(source: source)
            _ = try CollectorProgram().settings(from: source)
            #expect(UnknownSetting.find(in: source, section: "collector").isEmpty, "\(name)")
        }
    }
}
