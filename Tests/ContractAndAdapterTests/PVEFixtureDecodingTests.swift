import Foundation
import ProxmoxAPI
import ProxmoxClient
import TestSupport
import Testing

/// One real fixture and how it is read: through the client (served by a stub as the API body),
/// as an error response, or as a task log.
struct PVEFixtureCase: Sendable, CustomTestStringConvertible {
    let file: String
    let read: @Sendable (_ file: String) async throws -> Void
    var testDescription: String { file }

    /// Serves the fixture (wrapped in `{"data": …}` if needed) and runs `call` on a client.
    static func api(_ file: String, _ call: @escaping @Sendable (PVEClient) async throws -> Void) -> PVEFixtureCase {
        PVEFixtureCase(file: file) { file in
            let http = PVEStubHTTPClient(body: try Fixtures.data(file, envelope: true))
            try await call(try PVETestSupport.client(http))
        }
    }

    /// Serves the fixture as an error answer and expects `kind`.
    static func error(_ file: String, status: Int, reason: String, kind: PVEError.Kind) -> PVEFixtureCase {
        PVEFixtureCase(file: file) { file in
            let http = PVEStubHTTPClient(status: status, reason: reason, body: try Fixtures.data(file))
            let error = try await #require(throws: PVEError.self) { try await PVETestSupport.client(http).version() }
            #expect(error.kind == kind)
        }
    }

    /// Parses every line of a task log; the log must end the task.
    static func taskLog(_ file: String) -> PVEFixtureCase {
        PVEFixtureCase(file: file) { file in
            let events = try Fixtures.text(file).split(whereSeparator: \.isNewline).compactMap { MigrationLogEvent(line: String($0)) }
            #expect(events.last?.isTaskEnd == true)
        }
    }
}

@Suite("PVE real fixtures decode")
struct PVEFixtureDecodingTests {
    static let cases: [PVEFixtureCase] = [
        // Ticket auth is not used (tokens only): the body is read as a generic value.
        PVEFixtureCase(file: "access-ticket.go-proxmox-pve8x.json") { file in
            let value = try JSONDecoder().decode(PVEValue.self, from: try Fixtures.data(file))
            #expect(value.objectValue?["data"]?.objectValue?["clustername"]?.stringValue == "pve-cluster")
        },
        .api("cluster-ha-status-current.pegaprox-pve9.2.10.data.json") { _ = try await $0.haStatus() },
        .api("cluster-ha-status-manager-status.pegaprox-pve9.2.10.data.json") { _ = try await $0.haManagerStatus() },
        .api("cluster-resources-vm.community-proxmox.data.json") { _ = try await $0.clusterResources(type: .vm) },
        .api("cluster-resources.go-proxmox-pve8x.json") { _ = try await $0.clusterResources() },
        .api("cluster-status-offline-node.community-proxmox-inventory.data.json") { _ = try await $0.clusterStatus() },
        .api("cluster-status.go-proxmox-pve8x.json") { _ = try await $0.clusterStatus() },
        .error(
            "error-400-param-verification-format.proxmox-whmcs-92.json", status: 400,
            reason: "Parameter verification failed.", kind: .badRequest),
        .error(
            "error-400-param-verification.telmate-tf-provider-1405.json", status: 400,
            reason: "Parameter verification failed.", kind: .badRequest),
        .error(
            "error-403-permission-check.packer-plugin-proxmox-213.json", status: 403,
            reason: "Permission check failed (/sdn/zones/localnetwork/vmbr0, SDN.Use)", kind: .forbidden),
        .api("lxc-config.go-proxmox-pve7x.json") { _ = try await $0.guestConfig("node1", kind: .lxc, vmid: 101) },
        .api("lxc-list.community-proxmox.data.json") { _ = try await $0.lxcList("pve") },
        .api("lxc-list.go-proxmox-pve7x.json") { _ = try await $0.lxcList("node1") },
        .api("lxc-status-current-ha.community-proxmox-inventory.data.json") {
            _ = try await $0.guestStatus("testnode", kind: .lxc, vmid: 100)
        },
        .api("node-rrddata-hour-point.vobot-apps-pve9.data.json") { _ = try await $0.nodeRRD("pve", timeframe: .hour) },
        .api("node-status.go-proxmox-pve7x.json") { _ = try await $0.nodeStatus("node1") },
        .api("node-status.k3s-checklist-pve8.4.data.json") { _ = try await $0.nodeStatus("proxmox") },
        .api("node-tasks.community-proxmox-pve6.4.data.json") { _ = try await $0.nodeTasks("iaclab-01-01") },
        .api("node-version.go-proxmox-pve7x.json") { _ = try await $0.version(node: "node1") },
        .api("nodes-storage.home-assistant-core.data.json") { _ = try await $0.nodeStorages("pve") },
        .api("nodes.go-proxmox-pve7x.json") { _ = try await $0.nodes() },
        .api("nodes.k3s-checklist-pve8.4.data.json") { _ = try await $0.nodes() },
        .api("post-qemu-create-upid.danitso-tf-provider-10.json") {
            // Same answer shape as every async POST, including migrate.
            _ = try await $0.migrate("pve", kind: .qemu, vmid: 789, target: "pve2")
        },
        .api("qemu-config.community-proxmox-inventory.data.json") { _ = try await $0.guestConfig("testnode", kind: .qemu, vmid: 103) },
        .api("qemu-list.community-proxmox.data.json") { _ = try await $0.qemuList("pve") },
        .api("qemu-migrate-precondition.gjallar-pve9.data.json") {
            _ = try await $0.migratePreconditions("yoonmanserver", kind: .qemu, vmid: 140)
        },
        .api("qemu-rrddata-hour-stopped-vm.go-proxmox-pve7x.json") {
            _ = try await $0.guestRRD("node1", kind: .qemu, vmid: 101, timeframe: .hour)
        },
        .api("qemu-status-current.go-proxmox-pve7x.json") { _ = try await $0.guestStatus("node1", kind: .qemu, vmid: 101) },
        .api("storage-config.k3s-checklist-pve8.4.data.json") { _ = try await $0.storageConfig() },
        .taskLog("task-log-qmigrate-failed-local-disk.telmate-tf-provider-303.txt"),
        .taskLog("task-log-qmigrate-online-ha.cybersecurity-all-diskless.txt"),
        .taskLog("task-log-qmigrate-online-ha.spleenftw-blog.txt"),
        .taskLog("task-log-qmigrate-online-pve6.telmate-proxmox-api-go-115.txt"),
        .api("task-status-running.proxmoxer.json") { client in
            let upid = try PVEUPID(parsing: "UPID:node1:000FF1FD:10F9374C:630D702C:vzdump:110:root@pam:")
            _ = try await client.taskStatus(upid)
        },
        .api("task-status-stopped-error.proxmoxer.json") { client in
            let upid = try PVEUPID(parsing: "UPID:node1:000FF1FD:10F9374C:630D702C:vzdump:110:root@pam:")
            _ = try await client.taskStatus(upid)
        },
        .api("version.proxmoxer.json") { _ = try await $0.version() },
    ]

    @Test("every fixture decodes with its model", .timeLimit(.minutes(1)), arguments: cases)
    func decodes(_ fixture: PVEFixtureCase) async throws {
        try await fixture.read(fixture.file)
    }

    @Test("every fixture file is covered by the decoding table")
    func everyFixtureCovered() throws {
        let files = Set(try Fixtures.allNames())
        let covered = Set(Self.cases.map(\.file))
        #expect(files.subtracting(covered).isEmpty, "fixtures without a decoder: \(files.subtracting(covered).sorted())")
        #expect(covered.subtracting(files).isEmpty, "decoders without a fixture: \(covered.subtracting(files).sorted())")
        #expect(files.count == Self.cases.count)
    }
}
