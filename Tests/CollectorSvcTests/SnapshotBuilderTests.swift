import Contract
import Foundation
import ProxmoxAPI
import TestSupport
import Testing

@testable import CollectorSvc

/// `{"data": …}` of a fixture.
private struct Envelope<T: Decodable>: Decodable { let data: T }

private func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    try JSONDecoder().decode(Envelope<T>.self, from: Fixtures.data(name, envelope: true)).data
}

@Suite("Snapshot builder")
struct SnapshotBuilderTests {
    let now = Date(timeIntervalSince1970: 1_763_884_800)

    func realReading() throws -> ClusterReading {
        let resources = try fixture("cluster-resources.go-proxmox-pve8x.json", as: [PVEResource].self)
        let status = PVEClusterStatus(entries: try fixture("cluster-status.go-proxmox-pve8x.json", as: [PVEClusterStatusEntry].self))
        return ClusterReading(clusterStatus: status, resources: resources)
    }

    @Test("real /cluster/resources: nodes, guests and storages are all there with Proxmox's numbers")
    func realFixture() throws {
        let reading = try realReading()
        let (snapshot, _) = SnapshotBuilder(cluster: "clustername", intervalSeconds: 60)
            .build(reading, previousCounters: [:], cycle: 1, durationMs: 5, now: now)
        let nodeEntries = reading.resources.filter { $0.type == .node }
        let guestEntries = reading.resources.filter { $0.guestKind != nil }
        #expect(snapshot.nodes.count == nodeEntries.count)
        #expect(snapshot.guests.count == guestEntries.count)
        #expect(snapshot.quorum == QuorumState(quorate: true, nodesOnline: 4, nodesTotal: 4))

        // VM 100 runs on node2 at 2.49 % of its single vCPU with 842551296 bytes used.
        let vm = try #require(snapshot.guests.first { $0.vmid == 100 })
        #expect(vm.node == "node2")
        #expect(abs(vm.cpuPct - 2.49060195469461) < 1e-9)
        #expect(vm.memoryUsedBytes == 842_551_296)
        #expect(vm.diskReadBps == nil)  // first sight: no rate yet
        #expect(vm.configKnown == false)

        // Node CPU is a fraction of host threads in the API, a percentage here.
        for entry in nodeEntries {
            let node = try #require(snapshot.nodes.first { $0.name == entry.node })
            if let cpu = entry.cpu { #expect(abs((node.cpuPct ?? -1) - cpu * 100) < 1e-9) }
            #expect(node.memoryTotalBytes == entry.maxmem.map(Int64.init))
            let placed = guestEntries.filter { $0.node == entry.node && !$0.template }
            #expect(node.committedMemoryBytes == Int64(placed.compactMap(\.maxmem).reduce(0, +)))
        }
        // Templates are listed but never counted on a node.
        #expect(snapshot.guests.contains { $0.template })
    }

    @Test("rates come from counter deltas and vanish after a migration or restart")
    func rates() throws {
        var reading = try realReading()
        let builder = SnapshotBuilder(cluster: "c", intervalSeconds: 60)
        let (_, first) = builder.build(reading, previousCounters: [:], cycle: 1, durationMs: 1, now: now)
        let index = try #require(reading.resources.firstIndex { $0.vmid == 100 })
        reading.resources[index].netin = (reading.resources[index].netin ?? 0) + 60_000
        reading.resources[index].diskwrite = (reading.resources[index].diskwrite ?? 0) + 6_000_000
        reading.resources[index].uptime = (reading.resources[index].uptime ?? 0) + 60
        let (second, counters) = builder.build(reading, previousCounters: first, cycle: 2, durationMs: 1, now: now.addingTimeInterval(60))
        let vm = try #require(second.guests.first { $0.vmid == 100 })
        #expect(vm.netInBps == 1000)
        #expect(vm.diskWriteBps == 100_000)
        #expect(vm.netOutBps == 0)

        reading.resources[index].node = "node3"  // migrated: counters restart on the target
        reading.resources[index].netin = 10
        let (third, _) = builder.build(reading, previousCounters: counters, cycle: 3, durationMs: 1, now: now.addingTimeInterval(120))
        #expect(try #require(third.guests.first { $0.vmid == 100 }).netInBps == nil)
    }

    @Test("an offline node keeps its guests as unknown and loses live values")
    func offlineNode() throws {
        let resources = try fixture("cluster-resources.go-proxmox-pve8x.json", as: [PVEResource].self)
        let offlineStatus = try fixture("cluster-status-offline-node.community-proxmox-inventory.data.json", as: [PVEClusterStatusEntry].self)
        _ = offlineStatus  // decodes: the offline-node shape is accepted
        var status = PVEClusterStatus(entries: try fixture("cluster-status.go-proxmox-pve8x.json", as: [PVEClusterStatusEntry].self))
        let nodeIndex = try #require(status.entries.firstIndex { $0.name == "node2" })
        status.entries[nodeIndex].online = false
        let (snapshot, _) = SnapshotBuilder(cluster: "c", intervalSeconds: 60)
            .build(ClusterReading(clusterStatus: status, resources: resources), previousCounters: [:], cycle: 1, durationMs: 1, now: now)
        let node = try #require(snapshot.nodes.first { $0.name == "node2" })
        #expect(node.status == "offline")
        #expect(node.cpuPct == nil)
        #expect(node.memoryUsedBytes == nil)
        #expect(snapshot.quorum.nodesOnline == 3)
    }

    @Test("guest config facts: storages, passthrough and bind mounts from real configs")
    func configFacts() throws {
        let lxc = try PVEGuestConfig(kind: .lxc, raw: try fixture("lxc-config.go-proxmox-pve7x.json", as: [String: PVEValue].self))
        let facts = GuestConfigFacts(lxc)
        #expect(!facts.bindMounts.isEmpty)
        #expect(facts.bindMounts.allSatisfy { $0.source.hasPrefix("/") })
        let qemu = try PVEGuestConfig(
            kind: .qemu,
            raw: try JSONDecoder().decode([String: PVEValue].self, from: Fixtures.data("qemu-config.community-proxmox-inventory.data.json")))
        let vmFacts = GuestConfigFacts(qemu)
        #expect(!vmFacts.storages.isEmpty)
        #expect((vmFacts.diskBytes ?? 0) > 0)
    }

    @Test("storages: a shared one appears once with its size, a local one lists every node")
    func storages() throws {
        let resources = try fixture("cluster-resources.go-proxmox-pve8x.json", as: [PVEResource].self)
        let entries = resources.filter { $0.type == .storage }
        let states = SnapshotBuilder.storages(entries)
        #expect(Set(states.map(\.id)) == Set(entries.compactMap(\.storage)))
        for state in states where state.shared {
            let one = try #require(entries.first { $0.storage == state.id && $0.status == "available" })
            #expect(state.totalBytes == one.maxdisk.map(Int64.init))
        }
    }
}
