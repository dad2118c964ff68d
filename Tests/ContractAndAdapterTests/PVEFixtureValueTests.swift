import Contract
import Foundation
import ProxmoxAPI
import ProxmoxClient
import TestSupport
import Testing

/// Values a user would notice, read from the real fixtures through the client.
@Suite("PVE fixture values", .timeLimit(.minutes(1)))
struct PVEFixtureValueTests {
    private func read<T>(_ file: String, _ call: (PVEClient) async throws -> T) async throws -> T {
        let http = PVEStubHTTPClient(body: try Fixtures.data(file, envelope: true))
        return try await call(try PVETestSupport.client(http))
    }

    @Test("LXC list: string vmids become integers, the template is flagged")
    func lxcList() async throws {
        let guests = try await read("lxc-list.go-proxmox-pve7x.json") { try await $0.lxcList("node1") }
        #expect(guests.map(\.vmid) == [106, 105, 101])
        #expect(guests.allSatisfy { $0.kind == .lxc })
        #expect(guests.first { $0.vmid == 101 }?.template == true)
        #expect(guests.first { $0.vmid == 106 }?.mem == 34_304_000)
    }

    @Test("QEMU list: running VM has pid and cpu, stopped VM has none running")
    func qemuList() async throws {
        let guests = try await read("qemu-list.community-proxmox.data.json") { try await $0.qemuList("pve") }
        let running = try #require(guests.first { $0.vmid == 100 })
        #expect(running.kind == .qemu && running.status == "running" && running.pid == 4_076_688)
        #expect(running.cpu == 0.174069059487628)
        #expect(guests.first { $0.vmid == 101 }?.status == "stopped")
    }

    @Test("node status: loadavg strings become doubles, mhz a number, memory and rootfs in bytes")
    func nodeStatus() async throws {
        let status = try await read("node-status.k3s-checklist-pve8.4.data.json") { try await $0.nodeStatus("proxmox") }
        #expect(status.loadavg == [0.16, 0.10, 0.02])
        let cpu = try #require(status.cpuinfo)
        #expect(cpu.cpus == 8 && cpu.cores == 4 && cpu.sockets == 1 && cpu.mhz == 800)
        #expect(status.memory?.total == 33_537_990_656 && status.memory?.used == 1_952_485_376)
        #expect(status.memory?.available == nil)
        #expect(status.rootfs?.avail == 1_564_672)
        #expect(status.pveversion == "pve-manager/8.4.14/b502d23c55afcba1")
        #expect(status.bootMode == "legacy-bios")

        let old = try await read("node-status.go-proxmox-pve7x.json") { try await $0.nodeStatus("node1") }
        #expect(old.cpuinfo?.mhz == 3400 && old.loadavg == [0, 0, 0] && old.swap?.total == 0)
    }

    @Test("cluster resources: guests, nodes and storages with their fields")
    func clusterResources() async throws {
        let resources = try await read("cluster-resources.go-proxmox-pve8x.json") { try await $0.clusterResources() }
        #expect(resources.filter { $0.type == .qemu }.count == 4)
        #expect(resources.filter { $0.type == .node }.count == 4)
        #expect(resources.filter { $0.type == .storage }.count == 12)
        let template = try #require(resources.first { $0.id == "qemu/101" })
        #expect(template.template && template.vmid == 101 && template.maxmem == 16_777_216_000 && template.maxcpu == 4)
        let node = try #require(resources.first { $0.id == "node/node1" })
        #expect(node.cgroupMode == 2 && node.maxcpu == 8 && node.status == "online")
        let storage = try #require(resources.first { $0.id == "storage/node3/local-zfs" })
        #expect(storage.shared == false && storage.plugintype == "zfspool" && storage.content == ["images", "rootdir"])
        #expect(resources.first { $0.id == "qemu/102" }?.tags == ["go-proxmox+cloud-init"])

        let vms = try await read("cluster-resources-vm.community-proxmox.data.json") { try await $0.clusterResources(type: .vm) }
        #expect(vms.map(\.vmid) == [100, 101, 102, 103, 104, 105])
        #expect(vms.first { $0.vmid == 101 }?.pool == "pool1")
        #expect(vms.filter { $0.guestKind == .lxc }.count == 4)
    }

    @Test("cluster status: name, quorum, online and offline nodes")
    func clusterStatus() async throws {
        let status = try await read("cluster-status.go-proxmox-pve8x.json") { try await $0.clusterStatus() }
        #expect(status.clusterName == "clustername" && status.isQuorate && !status.isStandalone)
        #expect(status.onlineNodes == ["node1", "node2", "node3", "node4"] && status.offlineNodes.isEmpty)
        #expect(status.localNode == "node1")

        let offline = try await read("cluster-status-offline-node.community-proxmox-inventory.data.json") {
            try await $0.clusterStatus()
        }
        #expect(offline.clusterName == "testcluster")
        #expect(offline.onlineNodes == ["testnode"] && offline.offlineNodes == ["testnode2"])
    }

    @Test("stopped-VM rrddata: 70 points with nil cpu but static maxima")
    func stoppedGuestRRD() async throws {
        let points = try await read("qemu-rrddata-hour-stopped-vm.go-proxmox-pve7x.json") {
            try await $0.guestRRD("node1", kind: .qemu, vmid: 101, timeframe: .hour)
        }
        #expect(points.count == 70)
        #expect(points.allSatisfy { $0.cpu == nil && $0.mem == nil && $0.netin == nil })
        #expect(points.allSatisfy { $0.maxmem == 16_777_216_000 && $0.maxcpu == 4 })
        #expect(points.first?.time == Date(timeIntervalSince1970: 1_693_110_660))
    }

    @Test("PVE 9 node rrddata point carries memavailable, arcsize and pressure")
    func nodeRRDPoint() async throws {
        let points = try await read("node-rrddata-hour-point.vobot-apps-pve9.data.json") { try await $0.nodeRRD("pve", timeframe: .hour) }
        let point = try #require(points.first)
        #expect(point.maxcpu == 72 && point.loadavg == 3.44)
        #expect(point.memused == 57_576_897_877.3333 && point.memavailable == 77_461_721_770.6667)
        #expect(point.pressureIOSome == 1.115 && point.pressureMemoryFull == 0 && point.arcsize == 17280)
    }

    @Test("guest status: HA flags, agent, cpus as string")
    func guestStatus() async throws {
        let qemu = try await read("qemu-status-current.go-proxmox-pve7x.json") { try await $0.guestStatus("node1", kind: .qemu, vmid: 101) }
        #expect(qemu.kind == .qemu && qemu.qmpstatus == "running" && qemu.agent == true)
        #expect(qemu.ha?.managed == false && qemu.balloon == 2_097_152_000 && qemu.cpus == 8)

        let lxc = try await read("lxc-status-current-ha.community-proxmox-inventory.data.json") {
            try await $0.guestStatus("testnode", kind: .lxc, vmid: 100)
        }
        #expect(lxc.kind == .lxc && lxc.cpus == 1 && lxc.ha?.managed == true && lxc.ha?.state == "started")
    }

    @Test("QEMU config: disks in order with sizes, CD-ROM, no passthrough for a socket serial")
    func qemuConfig() async throws {
        let config = try await read("qemu-config.community-proxmox-inventory.data.json") {
            try await $0.guestConfig("testnode", kind: .qemu, vmid: 103)
        }
        #expect(config.disks.map(\.key) == ["ide2", "scsi0", "scsi1", "scsi2"])
        #expect(config.disks.map(\.sizeBytes) == [nil, 10 << 30, 30 << 30, 10 << 30])
        #expect(config.disks[0].isCDROM && config.disks[0].storage == nil && config.disks[0].volume == "none")
        #expect(config.disks[1].storage == "storage" && config.disks[1].volume == "storage:vm-103-disk-0")
        #expect(config.passthrough.isEmpty)
        #expect(config.memoryMiB == 8192 && config.cores == 4 && config.sockets == 1 && config.vcpuCount == 4)
        #expect(config.balloonMiB == 0 && config.onboot && config.name == "test-qemu-multi-nic")
        #expect(config.mountPoints.isEmpty && config.raw["bootdisk"] == .string("scsi0"))
    }

    @Test("LXC config: rootfs volume and an unshared bind mount, tags, memory")
    func lxcConfig() async throws {
        let config = try await read("lxc-config.go-proxmox-pve7x.json") { try await $0.guestConfig("node1", kind: .lxc, vmid: 101) }
        #expect(config.mountPoints.map(\.key) == ["rootfs", "mp0"])
        let rootfs = config.mountPoints[0]
        #expect(rootfs.kind == .volume && rootfs.storage == "vmstore" && rootfs.sizeBytes == 30 << 30 && rootfs.mountPath == "/")
        let bind = config.mountPoints[1]
        #expect(bind.kind == .bind && bind.source == "/mnt/foo/bar" && bind.mountPath == "/storage" && !bind.isShared)
        #expect(config.tags == ["tag1", "tag2"] && config.memoryMiB == 4096 && config.swapMiB == 512)
        #expect(config.cores == 2 && config.vcpuCount == 2 && config.hostname == "test-container")
        #expect(config.disks.isEmpty && config.passthrough.isEmpty)
        #expect(config.raw["lxc"]?.arrayValue?.count == 5)
    }

    @Test("migrate precondition gotcha: allowed nodes listed as empty objects are not blocked")
    func preconditionGotcha() async throws {
        let pre = try await read("qemu-migrate-precondition.gjallar-pve9.data.json") {
            try await $0.migratePreconditions("yoonmanserver", kind: .qemu, vmid: 140)
        }
        #expect(pre.running)
        #expect(pre.allowedNodes == ["yoonmanserver2", "yoonserver3"])
        #expect(pre.notAllowed.isEmpty)
        #expect(pre.isAllowed("yoonserver3") && !pre.isAllowed("elsewhere"))
        #expect(pre.localDisks.isEmpty && pre.localResources.isEmpty && pre.mappedResources.isEmpty)
    }

    @Test("HA status: maintenance mode is read from the LRM text")
    func haStatus() async throws {
        let entries = try await read("cluster-ha-status-current.pegaprox-pve9.2.10.data.json") { try await $0.haStatus() }
        let maintenance = entries.filter(\.isMaintenance).compactMap(\.node)
        #expect(maintenance == ["pve-node-c1", "pve-node-c2"])
        #expect(entries.first { $0.id == "lrm:pve-node-a1" }?.lrmMode == "idle")
        #expect(entries.first { $0.id == "lrm:pve-node-a2" }?.lrmMode == "active")
        let quorum = try #require(entries.first { $0.type == .quorum })
        #expect(quorum.quorate == true)
        let service = try #require(entries.first { $0.type == .service })
        #expect(service.sid == "vm:100" && service.crmState == "started" && service.node == "pve-node-a2" && service.maxRelocate == 3)
        #expect(entries.first { $0.type == .fencing }?.armedState == "armed")
        #expect(entries.first { $0.type == .master }?.timestamp == Date(timeIntervalSince1970: 1_789_062_521))

        let manager = try await read("cluster-ha-status-manager-status.pegaprox-pve9.2.10.data.json") { try await $0.haManagerStatus() }
        #expect(manager.maintenanceNodes == ["pve-node-c1", "pve-node-c2"])
        #expect(manager.masterNode == "pve-node-b1" && manager.quorate == true)
    }

    @Test("task lists and statuses: failures keep their text, success is OK or WARNINGS")
    func tasks() async throws {
        let tasks = try await read("node-tasks.community-proxmox-pve6.4.data.json") { try await $0.nodeTasks("iaclab-01-01") }
        #expect(tasks.count == 3)
        #expect(tasks.map(\.isSuccess) == [true, false, true])
        #expect(tasks[1].status == "command 'ifreload -a' failed: exit code 1")
        #expect(tasks[0].parsedUPID?.startTime == tasks[0].startTime && tasks[0].endTime == Date(timeIntervalSince1970: 1_629_092_710))

        let upid = try PVEUPID(parsing: "UPID:node1:000FF1FD:10F9374C:630D702C:vzdump:110:root@pam:")
        let running = try await read("task-status-running.proxmoxer.json") { try await $0.taskStatus(upid) }
        #expect(running.isRunning && !running.isSuccess && running.exitStatus == nil)
        let stopped = try await read("task-status-stopped-error.proxmoxer.json") { try await $0.taskStatus(upid) }
        #expect(stopped.state == .stopped && !stopped.isSuccess && stopped.exitStatus == "interrupted by signal")
        // The fixture's UPID carries an appended test suffix, so it is not a well-formed UPID.
        #expect(stopped.parsedUPID == nil)
    }

    @Test("versions, nodes and storages")
    func misc() async throws {
        let version = try await read("version.proxmoxer.json") { try await $0.version() }
        #expect(version.version == "7.2-3" && version.major == 7 && version.minor == 2 && version.repoid == "c743d6c1")

        let nodes = try await read("nodes.k3s-checklist-pve8.4.data.json") { try await $0.nodes() }
        #expect(nodes.first?.sslFingerprint?.hasPrefix("10:94:FF:EE") == true && nodes.first?.level == "p")

        let storages = try await read("nodes-storage.home-assistant-core.data.json") { try await $0.nodeStorages("pve") }
        #expect(storages.map(\.shared) == [false, true] && storages[0].usedFraction == 0.85)
        #expect(storages[1].content == ["backup", "images"] && storages[1].active == true)

        let config = try await read("storage-config.k3s-checklist-pve8.4.data.json") { try await $0.storageConfig() }
        let usb = try #require(config.first { $0.storage == "usb-storage-01" })
        #expect(usb.nodes == ["proxmox"] && usb.isAvailable(on: "proxmox") && !usb.isAvailable(on: "other"))
        let local = try #require(config.first { $0.storage == "local" })
        #expect(local.disabled && !local.isAvailable(on: "proxmox"))
        #expect(config.first { $0.storage == "local-zfs" }?.nodes == nil)
    }

    @Test("an async POST answer is a UPID with its embedded node, type and start time")
    func upidAnswer() async throws {
        let upid = try await read("post-qemu-create-upid.danitso-tf-provider-10.json") {
            try await $0.migrate("pve", kind: .qemu, vmid: 789, target: "pve2")
        }
        #expect(upid.node == "pve" && upid.type == "qmcreate" && upid.id == "789" && upid.user == "uterra@pve")
        #expect(upid.startTime == Date(timeIntervalSince1970: 0x5E7E_0B69))
    }

    @Test("400 fixtures keep the per-parameter errors; the description is one line")
    func badRequestFixtures() async throws {
        let http = PVEStubHTTPClient(
            status: 400, reason: "Parameter verification failed.",
            body: try Fixtures.data("error-400-param-verification-format.proxmox-whmcs-92.json"))
        let error = try await #require(throws: PVEError.self) {
            try await PVETestSupport.client(http).migrate("pve", kind: .qemu, vmid: 100, target: "pve2")
        }
        #expect(error.kind == .badRequest && error.status == 400)
        #expect(error.parameterErrors.keys.sorted() == ["ipconfig0", "vmid"])
        #expect(error.parameterErrors["vmid"] == "invalid format - value does not look like a valid VM ID")
        #expect(!error.description.contains("\n"))
        #expect(error.description.hasPrefix("Proxmox API 400 on POST /nodes/pve/qemu/100/migrate: Parameter verification failed."))
        #expect(error.description.contains("ipconfig0.gw: invalid format"))
    }

    @Test("403 fixture: the message comes from the reason phrase (old versions send no body message)")
    func forbiddenFixture() async throws {
        let reason = "Permission check failed (/sdn/zones/localnetwork/vmbr0, SDN.Use)"
        let http = PVEStubHTTPClient(
            status: 403, reason: reason, body: try Fixtures.data("error-403-permission-check.packer-plugin-proxmox-213.json"))
        let error = try await #require(throws: PVEError.self) { try await PVETestSupport.client(http).nodes() }
        #expect(error.kind == .forbidden && error.message == reason)
        #expect(error.description.contains(reason))
    }
}
