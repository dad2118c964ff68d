import Foundation
import HTTPTransport
import ProxmoxAPI
import ProxmoxClient
import Testing

/// The client against a recording stub: what goes over the wire and how answers and failures
/// come back.
@Suite("PVE client requests and errors", .timeLimit(.minutes(1)))
struct PVEClientTests {
    private let upidText = "UPID:pve3:002E5769:0E52B273:6A1FD43B:qmigrate:140:monitor@pve!collector:"

    @Test("GET: /api2/json path, query, token header, JSON accept")
    func getRequest() async throws {
        let http = PVEStubHTTPClient(data: "[]")
        let client = try PVETestSupport.client(http, baseURL: "https://pve1.example:8006/")
        _ = try await client.clusterResources(type: .vm)
        let request = try #require(http.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "https://pve1.example:8006/api2/json/cluster/resources?type=vm")
        #expect(request.header("Authorization") == "PVEAPIToken=monitor@pve!collector=\(PVETestSupport.secret)")
        #expect(request.header("Accept") == "application/json")
        #expect(request.body == nil)
    }

    @Test("a base URL that already ends in /api2/json is not doubled")
    func baseURLWithAPIPath() async throws {
        let http = PVEStubHTTPClient(data: #"{"version":"8.4.14","release":"8.4","repoid":"b502d23c55afcba1"}"#)
        let version = try await PVETestSupport.client(http, baseURL: "https://pve1.example:8006/api2/json").version()
        #expect(version.major == 8 && version.minor == 4)
        #expect(http.requests.first?.url == "https://pve1.example:8006/api2/json/version")
    }

    @Test("rrddata and task-list queries carry their parameters")
    func queries() async throws {
        let http = PVEStubHTTPClient(data: "[]")
        let client = try PVETestSupport.client(http)
        _ = try await client.nodeRRD("pve2", timeframe: .day, cf: .max)
        _ = try await client.guestRRD("pve2", kind: .lxc, vmid: 105, timeframe: .week)
        _ = try await client.nodeTasks("pve2", vmid: 100, typeFilter: "qmigrate", source: .all, limit: 5)
        _ = try await client.nodeStorages("pve2", enabledOnly: true)
        #expect(
            http.requests.map(\.url) == [
                "https://pve1.example:8006/api2/json/nodes/pve2/rrddata?timeframe=day&cf=MAX",
                "https://pve1.example:8006/api2/json/nodes/pve2/lxc/105/rrddata?timeframe=week&cf=AVERAGE",
                "https://pve1.example:8006/api2/json/nodes/pve2/tasks?vmid=100&typefilter=qmigrate&source=all&limit=5",
                "https://pve1.example:8006/api2/json/nodes/pve2/storage?enabled=1",
            ])
    }

    @Test("QEMU migrate: POST form body with online and with-local-disks, returns the UPID")
    func migrateQEMU() async throws {
        let http = PVEStubHTTPClient(data: "\"\(upidText)\"")
        let options = PVEMigrateOptions(online: true, withLocalDisks: true, bwlimitKiB: 10240, targetStorage: "local-zfs")
        let upid = try await PVETestSupport.client(http).migrate("pve1", kind: .qemu, vmid: 140, target: "pve3", options: options)
        #expect(upid.rawValue == upidText && upid.node == "pve3" && upid.type == "qmigrate")
        let request = try #require(http.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://pve1.example:8006/api2/json/nodes/pve1/qemu/140/migrate")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.bodyText == "target=pve3&online=1&with-local-disks=1&targetstorage=local-zfs&bwlimit=10240")
        #expect(request.header("Authorization")?.hasPrefix("PVEAPIToken=monitor@pve!collector=") == true)
    }

    @Test("LXC migrate: restart, timeout and target-storage; values are form-encoded")
    func migrateLXC() async throws {
        let http = PVEStubHTTPClient(data: "\"\(upidText)\"")
        let options = PVEMigrateOptions(restart: true, timeout: 120, targetStorage: "src:dst,a b")
        _ = try await PVETestSupport.client(http).migrate("pve1", kind: .lxc, vmid: 101, target: "pve3", options: options)
        let request = try #require(http.requests.first)
        #expect(request.url == "https://pve1.example:8006/api2/json/nodes/pve1/lxc/101/migrate")
        #expect(request.bodyText == "target=pve3&restart=1&timeout=120&target-storage=src%3Adst%2Ca%20b")
    }

    @Test(
        "invalid migrate options are refused before anything is sent",
        arguments: [
            (PVEGuestKind.lxc, PVEMigrateOptions(online: true), "online"),
            (.lxc, PVEMigrateOptions(withLocalDisks: true), "with-local-disks"),
            (.qemu, PVEMigrateOptions(restart: true), "restart"),
            (.qemu, PVEMigrateOptions(), "target"),
        ])
    func invalidMigrate(kind: PVEGuestKind, options: PVEMigrateOptions, mentions: String) async throws {
        let http = PVEStubHTTPClient(data: "\"\(upidText)\"")
        let target = mentions == "target" ? "" : "pve3"
        let error = try await #require(throws: PVEError.self) {
            try await PVETestSupport.client(http).migrate("pve1", kind: kind, vmid: 101, target: target, options: options)
        }
        #expect(error.kind == .invalidRequest && error.status == nil)
        #expect(error.description.contains(mentions))
        #expect(http.requests.isEmpty)
    }

    @Test("LXC preconditions (PVE 9 dashed keys) normalise like QEMU's, blocked nodes keep reasons")
    func lxcPreconditions() async throws {
        let json = #"""
            {"running":1,"allowed-nodes":["pve2"],"dependent-ha-resources":["ct:102"],
             "not-allowed-nodes":{"pve2":{},"pve3":{"blocking-ha-resources":[{"sid":"ct:101","cause":"resource-affinity"}]}}}
            """#
        let http = PVEStubHTTPClient(data: json)
        let pre = try await PVETestSupport.client(http).migratePreconditions("pve1", kind: .lxc, vmid: 101, target: "pve3")
        #expect(http.requests.first?.url == "https://pve1.example:8006/api2/json/nodes/pve1/lxc/101/migrate?target=pve3")
        #expect(pre.running && pre.allowedNodes == ["pve2"] && pre.dependentHAResources == ["ct:102"])
        #expect(pre.notAllowed == ["pve3": ["blocked by HA resource ct:101 (resource-affinity)"]])
        #expect(pre.isAllowed("pve2") && !pre.isAllowed("pve3"))
    }

    @Test("QEMU preconditions: storage and mapping reasons, local disks and resources")
    func qemuPreconditions() async throws {
        let json = #"""
            {"running":0,"allowed_nodes":["pve2"],"not_allowed_nodes":{"pve2":{},
              "pve4":{"unavailable_storages":["local-lvm"],"unavailable-resources":["hostpci0"]}},
             "local_disks":[{"volid":"local-lvm:vm-101-disk-0","size":34359738368,"cdrom":0,"is_unused":0,"drivename":"scsi0"}],
             "local_resources":["hostpci0"],"mapped-resources":["hostpci1"],"mapped-resource-info":{}}
            """#
        let pre = try await PVETestSupport.client(PVEStubHTTPClient(data: json))
            .migratePreconditions("pve1", kind: .qemu, vmid: 101)
        #expect(!pre.running)
        #expect(pre.notAllowed == ["pve4": ["mapped resource not available: hostpci0", "storage not available: local-lvm"]])
        #expect(pre.localDisks.map(\.volid) == ["local-lvm:vm-101-disk-0"] && pre.localDisks[0].sizeBytes == 32 << 30)
        #expect(pre.localDisks[0].driveName == "scsi0" && !pre.localDisks[0].isCDROM)
        #expect(pre.localResources == ["hostpci0"] && pre.mappedResources == ["hostpci1"])
    }

    @Test("task calls go to the node embedded in the UPID; the log is paged")
    func taskCalls() async throws {
        let upid = try PVEUPID(parsing: upidText)
        let http = PVEStubHTTPClient { request in
            if request.url.contains("/log") {
                return HTTPResponse(status: 200, body: Data(#"{"data":[{"n":4,"t":"line 4"},{"n":5,"t":"line 5"}],"total":9}"#.utf8))
            }
            return HTTPResponse(status: 200, body: Data(#"{"data":{"upid":"\#(upidText)","status":"stopped","exitstatus":"WARNINGS: 1"}}"#.utf8))
        }
        let client = try PVETestSupport.client(http)
        let status = try await client.taskStatus(upid)
        let log = try await client.taskLog(upid, start: 3, limit: 2)
        #expect(status.isSuccess && status.parsedUPID == upid)
        #expect(log.lines == [.init(number: 4, text: "line 4"), .init(number: 5, text: "line 5")] && log.total == 9)
        #expect(log.nextStart(after: 3) == 5)
        let base = "https://pve1.example:8006/api2/json/nodes/pve3/tasks/\(upidText)"
        #expect(http.requests.map(\.url) == ["\(base)/status", "\(base)/log?start=3&limit=2"])
    }

    @Test("an empty task log ('no content' placeholder) has no lines, so paging does not skip line 1")
    func emptyTaskLog() async throws {
        let http = PVEStubHTTPClient(body: Data(#"{"data":[{"n":1,"t":"no content"}],"total":1}"#.utf8))
        let log = try await PVETestSupport.client(http).taskLog(try PVEUPID(parsing: upidText))
        #expect(log.lines.isEmpty && log.total == 0 && log.nextStart(after: 0) == 0)
    }

    @Test("guest config accepts memory as current=4096 and finds passthrough devices")
    func guestConfigParsing() async throws {
        let json = #"""
            {"memory":"current=4096","cores":"2","sockets":2,"scsi10":"local-lvm:vm-100-disk-2,size=1T","scsi2":"nfs:100/vm-100-disk-1.qcow2,size=512M",
             "ide2":"local-lvm:vm-100-cloudinit,media=cdrom","unused0":"local-lvm:vm-100-disk-9","hostpci0":"0000:01:00.0,pcie=1",
             "usb0":"spice","usb1":"host=046d:c52b","serial0":"socket","serial1":"/dev/ttyS0","parallel0":"/dev/parport0",
             "tags":"prod, web;db","template":1,"lock":"backup"}
            """#
        let config = try await PVETestSupport.client(PVEStubHTTPClient(data: json)).guestConfig("pve1", kind: .qemu, vmid: 100)
        #expect(config.memoryMiB == 4096 && config.cores == 2 && config.vcpuCount == 4)
        #expect(config.disks.map(\.key) == ["ide2", "scsi2", "scsi10", "unused0"])
        #expect(config.disks[0].isCloudInit && config.disks[0].isCDROM)
        #expect(config.disks[2].sizeBytes == 1 << 40 && config.disks[3].isUnused && config.disks[1].storage == "nfs")
        #expect(config.passthrough == ["hostpci0", "parallel0", "serial1", "usb1"])
        #expect(config.tags == ["prod", "web", "db"] && config.isTemplate && config.lock == "backup")
    }

    @Test("LXC config: device and shared bind mount points; absent cores means unrestricted")
    func lxcMountKinds() async throws {
        let json = #"""
            {"rootfs":"local-lvm:vm-101-disk-0,size=8G","mp0":"/mnt/data,mp=/data,shared=1","mp1":"/dev/sdb1,mp=/mnt/disk",
             "mp2":"local-lvm:vm-101-disk-1,mp=/srv,size=16G","hostname":"ct1"}
            """#
        let config = try await PVETestSupport.client(PVEStubHTTPClient(data: json)).guestConfig("pve1", kind: .lxc, vmid: 101)
        #expect(config.mountPoints.map(\.kind) == [.volume, .bind, .device, .volume])
        #expect(config.mountPoints[1].isShared && !config.mountPoints[2].isShared)
        #expect(config.mountPoints[3].sizeBytes == 16 << 30 && config.mountPoints[3].mountPath == "/srv")
        #expect(config.vcpuCount == nil && config.memoryMiB == 512 && config.displayName == "ct1")
    }

    @Test("a malformed config value is a decoding error naming the key")
    func badConfigValue() async throws {
        let http = PVEStubHTTPClient(data: #"{"memory":"lots"}"#)
        let error = try await #require(throws: PVEError.self) {
            try await PVETestSupport.client(http).guestConfig("pve1", kind: .qemu, vmid: 100)
        }
        #expect(error.kind == .decoding && error.path == "/nodes/pve1/qemu/100/config")
        #expect(error.description.contains("'memory'"))
    }

    @Test("401: unauthorized error with reason phrase and path; the token appears in no error text or log")
    func unauthorizedNeverLeaksToken() async throws {
        let http = PVEStubHTTPClient(status: 401, reason: "Authentication failed!", body: Data())
        let logs = PVELogLines()
        let client = try PVETestSupport.client(http, logs: logs)
        let error = try await #require(throws: PVEError.self) { try await client.clusterResources() }
        #expect(error.kind == .unauthorized && error.status == 401 && error.path == "/cluster/resources")
        #expect(error.description == "Proxmox API 401 on GET /cluster/resources: Authentication failed! — check PROXBALANCE_PVE_TOKEN")
        #expect(http.requests.first?.header("Authorization")?.contains(PVETestSupport.secret) == true)
        for text in [error.description, error.message, String(reflecting: error), "\(client)"] + logs.all {
            #expect(!text.contains(PVETestSupport.secret))
        }
        #expect(!logs.all.isEmpty)
    }

    @Test("a server or transport text that echoes the secret is redacted")
    func echoedSecretRedacted() async throws {
        struct EchoingFailure: Error, CustomStringConvertible {
            var description: String { "connect failed for header PVEAPIToken=monitor@pve!collector=\(PVETestSupport.secret)" }
        }
        let transport = PVEStubHTTPClient { _ in throw EchoingFailure() }
        let transportError = try await #require(throws: PVEError.self) { try await PVETestSupport.client(transport).nodes() }
        #expect(transportError.kind == .transport && transportError.underlying is EchoingFailure)
        #expect(transportError.description.contains("connect failed") && !transportError.description.contains(PVETestSupport.secret))

        let server = PVEStubHTTPClient(status: 500, reason: "bad token \(PVETestSupport.secret)", body: Data())
        let serverError = try await #require(throws: PVEError.self) { try await PVETestSupport.client(server).nodes() }
        #expect(!serverError.description.contains(PVETestSupport.secret) && serverError.description.contains("bad token ***"))
    }

    @Test("595 on a node path: node unreachable")
    func nodeOffline() async throws {
        let http = PVEStubHTTPClient(status: 595, reason: "No route to host", body: Data())
        let error = try await #require(throws: PVEError.self) { try await PVETestSupport.client(http).nodeStatus("pve2") }
        #expect(error.kind == .nodeUnreachable && error.path == "/nodes/pve2/status")
        #expect(error.description.hasPrefix("Proxmox API 595 on GET /nodes/pve2/status: No route to host"))
    }

    @Test("answers that are not the documented JSON are decoding errors saying what failed")
    func decodingErrors() async throws {
        let html = PVEStubHTTPClient(body: Data("<html>proxy login</html>".utf8))
        let notJSON = try await #require(throws: PVEError.self) { try await PVETestSupport.client(html).nodes() }
        #expect(notJSON.kind == .decoding && notJSON.status == 200 && notJSON.description.contains("not valid JSON"))

        let wrong = PVEStubHTTPClient(data: #"[{"node":"pve1"},{"node":"pve2","maxmem":{"x":1}}]"#)
        let field = try await #require(throws: PVEError.self) { try await PVETestSupport.client(wrong).nodes() }
        #expect(field.kind == .decoding && field.description.contains("data[1]") && field.description.contains("'maxmem'"))

        let null = PVEStubHTTPClient(body: Data(#"{"data":null}"#.utf8))
        let nullError = try await #require(throws: PVEError.self) { try await PVETestSupport.client(null).nodeStatus("pve1") }
        #expect(nullError.kind == .decoding)
    }

    @Test("cancellation is passed through, not wrapped as a transport error")
    func cancellation() async throws {
        let http = PVEStubHTTPClient { _ in throw CancellationError() }
        await #expect(throws: CancellationError.self) { try await PVETestSupport.client(http).nodes() }
    }

    @Test("path segments are percent-encoded; UPID characters stay readable")
    func pathEncoding() async throws {
        let http = PVEStubHTTPClient(data: "[]")
        _ = try await PVETestSupport.client(http).qemuList("odd node/x")
        #expect(http.requests.first?.url == "https://pve1.example:8006/api2/json/nodes/odd%20node%2Fx/qemu")
    }
}
