import Foundation
import PVESimulator
import Testing

/// Errors Proxmox raises synchronously when a migration is requested (500 with the text in the
/// reason phrase and `message`, or 400 for parameters).
@Suite("Migration request errors")
struct MigrationErrorTests {
    private func simulator(_ faults: SimulatorFaults = SimulatorFaults()) async throws -> PVESimulator {
        let simulator = PVESimulator(scenario: try TestScenarios.fastDemo(), now: { TestScenarios.date(hour: 12) })
        await simulator.setFaults(faults)
        return simulator
    }

    private func expectFailure(_ answer: Answer, status: Int = 500, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(answer.status) \(answer.reason)", sourceLocation: sourceLocation)
        #expect(answer.reason == text, sourceLocation: sourceLocation)
        #expect(answer.body?["message"]?.string == text + "\n", sourceLocation: sourceLocation)
        #expect(answer.data == .null, sourceLocation: sourceLocation)
    }

    @Test("running VM without online")
    func runningWithoutOnline() async throws {
        let answer = try await simulator().call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve5"])
        expectFailure(answer, "can't migrate running VM without --online")
    }

    @Test("running CT without restart, and CT with online")
    func containerModes() async throws {
        let sim = try await simulator()
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/lxc/114/migrate", form: ["target": "pve5"]),
            "can't migrate running container without --online or --restart")
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/lxc/114/migrate", form: ["target": "pve5", "online": "1", "restart": "1"]),
            "lxc live migration is currently not implemented")
    }

    @Test("no quorum")
    func noQuorum() async throws {
        let sim = try await simulator(SimulatorFaults(quorate: false))
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve5", "online": "1"]),
            "cluster not ready - no quorum?")
        let status = try await sim.get("/cluster/status")
        #expect(entry(status, "type", "cluster")?["quorate"]?.number == 0)
    }

    @Test("quorum is lost when half of the nodes are offline")
    func quorumFromNodes() async throws {
        let sim = try await simulator(SimulatorFaults(offlineNodes: ["pve5", "pve6"]))
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve4", "online": "1"]),
            "cluster not ready - no quorum?")
    }

    @Test("target is the source node → 400")
    func targetIsLocal() async throws {
        let answer = try await simulator().call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve3", "online": "1"])
        #expect(answer.status == 400 && answer.reason == "Parameter verification failed.")
        #expect(answer.body?["errors"]?["target"]?.string == "target is local node.")
    }

    @Test("unknown or offline target")
    func badTarget() async throws {
        let sim = try await simulator(SimulatorFaults(offlineNodes: ["pve6"]))
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve9", "online": "1"]),
            "no such cluster node 'pve9'")
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve6", "online": "1"]),
            "Can't connect to destination address using public key")
    }

    @Test("locked guest")
    func locked() async throws {
        let sim = try await simulator()
        let first = try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve5", "online": "1"])
        #expect(first.status == 200)
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve4", "online": "1"]),
            "VM is locked (migrate)")
        let config = try await sim.get("/nodes/pve3/qemu/116/config")
        #expect(config["lock"]?.string == "migrate")
    }

    @Test("local disk on a storage the target lacks")
    func storageMissingOnTarget() async throws {
        let sim = try await simulator()
        expectFailure(
            try await sim.call("POST", "/nodes/pve4/qemu/122/migrate", form: ["target": "pve5", "online": "1"]),
            "storage 'fast-nvme' is not available on node 'pve5'")
        let preconditions = try await sim.get("/nodes/pve4/qemu/122/migrate")
        #expect(preconditions["not_allowed_nodes"]?["pve5"]?["unavailable_storages"] == .array([.string("fast-nvme")]))
        #expect(preconditions["allowed_nodes"] == .array([.string("pve3")]))
    }

    @Test("passthrough device without force")
    func passthrough() async throws {
        let sim = try await simulator()
        expectFailure(
            try await sim.call(
                "POST", "/nodes/pve6/qemu/150/migrate",
                form: ["target": "pve5", "online": "1", "with-local-disks": "1"]),
            "can't migrate VM which uses local devices: hostpci0")
        let preconditions = try await sim.get("/nodes/pve6/qemu/150/migrate")
        #expect(preconditions["local_resources"] == .array([.string("hostpci0")]))
    }

    @Test("unknown guest, guest on another node, guest of the other type")
    func wrongGuest() async throws {
        let sim = try await simulator()
        expectFailure(
            try await sim.call("POST", "/nodes/pve3/qemu/999/migrate", form: ["target": "pve5"]),
            "Configuration file 'nodes/pve3/qemu-server/999.conf' does not exist")
        expectFailure(
            try await sim.call("POST", "/nodes/pve5/qemu/116/migrate", form: ["target": "pve4"]),
            "Configuration file 'nodes/pve5/qemu-server/116.conf' does not exist")
        expectFailure(
            try await sim.call("GET", "/nodes/pve3/lxc/116/config"),
            "Configuration file 'nodes/pve3/lxc/116.conf' does not exist")
    }

    @Test("bad parameters are 400 with per-parameter messages")
    func badParameters() async throws {
        let sim = try await simulator()
        let missing = try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["online": "1"])
        #expect(missing.status == 400 && missing.body?["errors"]?["target"]?.string == "property is missing and it is not optional")
        let unknown = try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve5", "restart": "1"])
        #expect(unknown.status == 400 && unknown.body?["errors"]?["restart"] != nil)
        let boolean = try await sim.call("POST", "/nodes/pve3/qemu/116/migrate", form: ["target": "pve5", "online": "maybe"])
        #expect(boolean.body?["errors"]?["online"]?.string == "type check ('boolean') failed - got 'maybe'")
        let vmid = try await sim.call("GET", "/nodes/pve3/qemu/abc/config")
        #expect(vmid.status == 400 && vmid.body?["errors"]?["vmid"] != nil)
    }

    @Test("unknown paths and methods are 501")
    func notImplemented() async throws {
        let sim = try await simulator()
        let unknown = try await sim.call("GET", "/nodes/pve3/frobnicate")
        #expect(unknown.status == 501 && unknown.reason == "Method 'GET /nodes/pve3/frobnicate' not implemented")
        let method = try await sim.call("DELETE", "/cluster/resources")
        #expect(method.status == 501 && method.reason == "Method 'DELETE /cluster/resources' not implemented")
        let lxcPreconditions = try await sim.call("GET", "/nodes/pve3/lxc/111/migrate")
        #expect(lxcPreconditions.status == 501, "the LXC precondition endpoint only exists since PVE 9")
    }
}
