import Contract
import Foundation
import Logging
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@Suite("Service: maintenance commands and store")
struct ServiceMaintenanceTests {
    let directory: TemporaryDirectory
    let logger = Logger(label: "maintenance-test")

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-maintenance")
    }

    @Test(
        "ON/OFF in any case with blanks; anything else is no command",
        arguments: [
            ("ON", true), ("on", true), (" On\n", true), ("OFF", false), ("off ", false), ("yes", nil), ("", nil), ("ONN", nil),
        ] as [(String, Bool?)])
    func parse(payload: String, expected: Bool?) {
        #expect(MaintenanceCommand.parse(Array(payload.utf8)) == expected)
    }

    @Test("the node comes from the command topic of this cluster only")
    func node() {
        let topics = Topics(cluster: "lab")
        #expect(MaintenanceCommand.node(in: "proxbalance/lab/nodes/pve3/maintenance/set", topics: topics) == "pve3")
        #expect(MaintenanceCommand.node(in: "proxbalance/other/nodes/pve3/maintenance/set", topics: topics) == nil)
        #expect(MaintenanceCommand.node(in: "proxbalance/lab/nodes//maintenance/set", topics: topics) == nil)
        #expect(MaintenanceCommand.node(in: "proxbalance/lab/nodes/pve3", topics: topics) == nil)
    }

    @Test("who the command was sent for is its requested_by user property, cut to 128 characters")
    func requestedBy() {
        let topic = "proxbalance/lab/nodes/pve3/maintenance/set"
        let sent = MQTTMessage(topic: topic, payload: Array("ON".utf8), userProperties: [MQTTUserProperty(name: "requested_by", value: "web:alice")])
        #expect(MaintenanceCommand.requestedBy(of: sent) == "web:alice")
        #expect(MaintenanceCommand.requestedBy(of: MQTTMessage(topic: topic, string: "ON")) == nil)
        let long = MQTTMessage(
            topic: topic, payload: Array("ON".utf8),
            userProperties: [MQTTUserProperty(name: "requested_by", value: String(repeating: "a", count: 300))])
        #expect(MaintenanceCommand.requestedBy(of: long)?.count == 128)
    }

    @Test("maintenance persists in the SQLite file across reopening")
    func persistence() async throws {
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let store = MaintenanceStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
            try await store.set("pve3", inMaintenance: true, at: since)
            try await store.set("pve4", inMaintenance: true, at: since)
            try await store.set("pve3", inMaintenance: true, at: since)  // again: no change
            try await store.set("pve4", inMaintenance: false, at: since)
            try await store.set("pve9", inMaintenance: false, at: since)  // was not: no change
        }
        #expect(FileManager.default.fileExists(atPath: directory.file("scoring.db")))
        let reopened = MaintenanceStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
        #expect(try await reopened.nodes() == ["pve3"])
    }

    @Test("settings persist in the SQLite file across reopening")
    func settingsPersistence() async throws {
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 3
        do {
            let store = SettingsStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
            #expect(try await store.load() == ScoringSettings())
            try await store.save(settings, at: Date())
        }
        let reopened = SettingsStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
        #expect(try await reopened.load() == settings)
    }
}
