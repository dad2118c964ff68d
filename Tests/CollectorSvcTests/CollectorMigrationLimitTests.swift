import Contract
import Foundation
import PVESimulator
import ProxmoxAPI
import TestSupport
import Testing

@testable import CollectorSvc

/// The datacenter's migration bandwidth limit (`bwlimit` of `/cluster/options`) read from the
/// simulator over HTTPS into the snapshot's `migration_limit_bps`.
@Suite("Collector: migration bandwidth limit", .serialized, .timeLimit(.minutes(2)))
struct CollectorMigrationLimitTests {
    @Test("bwlimit's migration=, else default=, in KiB/s; 0 or none is no limit; an object is read too")
    func parse() throws {
        func limit(_ json: String) throws -> Double? {
            try JSONDecoder().decode(PVEClusterOptions.self, from: Data(json.utf8)).migrationLimitKiBps
        }
        #expect(try limit(#"{"bwlimit": "migration=102400,default=51200"}"#) == 102_400)
        #expect(try limit(#"{"bwlimit": "default=51200,clone=1000"}"#) == 51_200)
        #expect(try limit(#"{"bwlimit": "migration=0"}"#) == nil)
        #expect(try limit(#"{"bwlimit": {"migration": 2048}}"#) == 2048)
        #expect(try limit(#"{"keyboard": "en-us"}"#) == nil)
        #expect(try limit(#"{"bwlimit": "migration=fast"}"#) == nil)
    }

    @Test("the snapshot carries the limit in bytes per second, and none when the datacenter sets none")
    func collected() async throws {
        func collect(_ scenario: Scenario) async throws -> ClusterSnapshot { try await SimulatedCollection.snapshot(of: scenario) }
        var scenario = try SimulatorScenarios.demo()
        let open = try await collect(scenario)
        #expect(open.collection.errors.isEmpty, "\(open.collection.errors)")
        #expect(open.migrationLimitBps == nil)
        scenario.migration.bwlimitKiBs = 102_400
        let limited = try await collect(scenario)
        #expect(limited.collection.errors.isEmpty, "\(limited.collection.errors)")
        #expect(limited.migrationLimitBps == 104_857_600)
    }
}
