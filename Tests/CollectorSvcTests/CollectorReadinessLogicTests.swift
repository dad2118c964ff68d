import Testing

@testable import CollectorSvc

@Suite("Collector readiness and metric labels")
struct CollectorReadinessLogicTests {
    @Test("fresh while the last successful collection is younger than three intervals")
    func freshness() {
        #expect(CollectionFreshness(sinceSuccess: .seconds(29), intervalSeconds: 10).problem == nil)
        #expect(
            CollectionFreshness(sinceSuccess: .seconds(31), intervalSeconds: 10, lastFailure: "/cluster/status: simulated failure").problem
                == "the last successful collection was 31 s ago, more than 3 intervals (30 s); the last cycle failed: /cluster/status: simulated failure"
        )
        #expect(CollectionFreshness(sinceSuccess: nil, intervalSeconds: 60).problem == "no successful collection yet")
        #expect(
            CollectionFreshness(sinceSuccess: nil, intervalSeconds: 0.5, lastFailure: "x").problem
                == "no successful collection yet; the last cycle failed: x")
        #expect(CollectionFreshness(sinceSuccess: .seconds(2), intervalSeconds: 0.5).problem?.contains("(1.5 s)") == true)
    }

    @Test(
        "API paths become endpoints without node names or VMIDs",
        arguments: [
            ("/cluster/status", CollectorEndpoint.clusterStatus), ("/cluster/resources", .clusterResources),
            ("/cluster/ha/status/current", .haStatus), ("/cluster/ha/resources", .haResources), ("/version", .version),
            ("/nodes/pve3/status", .nodeStatus), ("/nodes/pve-4/rrddata", .nodeRRD), ("/nodes/pve3/qemu/116/config", .guestConfig),
            ("/nodes/pve3/lxc/200/config", .guestConfig), ("/nodes/pve3/qemu/116/migrate", .other), ("/nodes/pve3", .other),
            ("/cluster/tasks", .other),
        ])
    func endpoints(path: String, endpoint: CollectorEndpoint) {
        #expect(CollectorEndpoint(path: path) == endpoint)
    }
}
