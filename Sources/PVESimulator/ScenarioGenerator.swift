import Contract
import Foundation

/// Builds large, deterministic, deliberately imbalanced scenarios of any size.
public enum ScenarioGenerator {
    private struct NodeProfile {
        let threads: Int
        let cores: Int
        let sockets: Int
        let memoryGib: Double
        let model: String
    }

    private static let profiles = [
        NodeProfile(threads: 16, cores: 8, sockets: 1, memoryGib: 64, model: "Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz"),
        NodeProfile(threads: 32, cores: 16, sockets: 1, memoryGib: 128, model: "AMD EPYC 7302P 16-Core Processor"),
        NodeProfile(threads: 48, cores: 24, sockets: 2, memoryGib: 256, model: "Intel(R) Xeon(R) Silver 4214R CPU @ 2.40GHz"),
        NodeProfile(threads: 64, cores: 32, sockets: 1, memoryGib: 512, model: "AMD EPYC 7543P 32-Core Processor"),
        NodeProfile(threads: 128, cores: 64, sockets: 2, memoryGib: 1024, model: "AMD EPYC 7513 32-Core Processor"),
    ]

    private static let roles = ["web", "app", "db", "cache", "api", "worker", "mq", "ci", "mon", "proxy", "files", "auth"]

    /// A scenario with `nodes` nodes and `guests` guests, identical for the same arguments.
    /// Early nodes receive more guests than later ones, so the cluster starts imbalanced.
    public static func generate(nodes nodeCount: Int, guests guestCount: Int, seed: UInt64) -> Scenario {
        var rng = SplitMix64(seed: seed)
        let nodeCount = max(1, nodeCount)
        let guestCount = max(0, guestCount)
        let width = max(2, String(nodeCount).count)
        let restrictedNodes = (0..<max(1, nodeCount / 4)).map { "pve" + String($0 + 1).leftPadded(to: width) }

        let storages = [
            ScenarioStorage(id: "local", type: "dir", content: "iso,vztmpl,backup", totalGib: 100, usedGib: 18),
            ScenarioStorage(id: "local-lvm", type: "lvmthin", content: "images,rootdir", totalGib: 1_800, usedGib: 500),
            ScenarioStorage(id: "ceph-vm", type: "rbd", content: "images,rootdir", totalGib: 60_000, usedGib: 21_000),
            ScenarioStorage(id: "nas-nfs", type: "nfs", content: "images,rootdir,backup", totalGib: 120_000, usedGib: 64_000),
            ScenarioStorage(
                id: "fast-nvme", type: "zfspool", content: "images,rootdir", totalGib: 3_600, usedGib: 900,
                nodes: restrictedNodes),
        ]

        var nodes: [ScenarioNode] = []
        var weights: [Double] = []
        // Denser clusters get bigger hosts (5000 guests on 32 nodes means ~150 guests per node).
        let density = Double(guestCount) / Double(nodeCount)
        let smallest = density > 60 ? 2 : density > 15 ? 1 : 0
        for index in 0..<nodeCount {
            let pick = rng.unit()
            let profile = profiles[smallest + (pick < 0.35 ? 0 : pick < 0.75 ? 1 : 2)]
            let name = "pve" + String(index + 1).leftPadded(to: width)
            nodes.append(
                ScenarioNode(
                    name: name, cpus: profile.threads, cores: profile.cores, sockets: profile.sockets, model: profile.model,
                    memoryGib: profile.memoryGib, baseCpu: 0.02 + 0.03 * rng.unit(), baseMemoryGib: 2 + 4 * rng.unit(),
                    baseIowait: 0.002 + 0.006 * rng.unit(), ip: "10.10.\(index / 250).\(index % 250 + 1)"))
            weights.append(Double(profile.memoryGib) / (1 + 0.25 * Double(index)) * (0.6 + 0.8 * rng.unit()))
        }
        let totalWeight = weights.reduce(0, +)

        var guests: [ScenarioGuest] = []
        var usedMemory = Array(repeating: 0.0, count: nodeCount)
        for number in 0..<guestCount {
            let isContainer = rng.unit() < 0.25
            let size = rng.unit()
            let (cores, memoryMib): (Int, Int)
            if size < 0.65 {
                (cores, memoryMib) = (1 + Int(rng.next() % 2), [512, 1024, 2048, 4096][Int(rng.next() % 4)])
            } else if size < 0.93 {
                (cores, memoryMib) = (2 + Int(rng.next() % 3), [2048, 4096, 8192][Int(rng.next() % 3)])
            } else {
                (cores, memoryMib) = ([8, 12, 16][Int(rng.next() % 3)], [16384, 32768][Int(rng.next() % 2)])
            }
            let node = pickNode(
                weights: weights, total: totalWeight, memory: Double(memoryMib) / 1024, nodes: nodes,
                usedMemory: usedMemory, rng: &rng)
            usedMemory[node] += Double(memoryMib) / 1024
            let vmid = 100 + number
            let role = roles[Int(rng.next() % UInt64(roles.count))]
            // Guests on the first nodes run hotter: the imbalance is visible in CPU, not only in counts.
            let hot = 1.4 - 0.9 * Double(node) / Double(max(1, nodeCount - 1))
            let cpu = (0.02 + 0.55 * pow(rng.unit(), 1.8)) * hot

            var tags: [String] = []
            if rng.unit() < 0.25 { tags.append(rng.unit() < 0.6 ? "prod" : "dev") }
            if role == "db" && rng.unit() < 0.3 { tags.append("exclude_db\(vmid % 7)") }
            if role == "web" && rng.unit() < 0.2 { tags.append("affinity_web\(vmid % 5)") }
            if rng.unit() < 0.01 { tags.append("ignore") }
            if rng.unit() < 0.01 { tags.append("no-auto-migrate") }

            let nodeName = nodes[node].name
            let onRestricted = restrictedNodes.contains(nodeName)
            let placeRoll = rng.unit()
            let storage = placeRoll < 0.4 ? "ceph-vm" : placeRoll < 0.6 ? "nas-nfs" : (onRestricted && placeRoll < 0.67 ? "fast-nvme" : "local-lvm")
            let diskSize = isContainer ? [4.0, 8, 16, 32][Int(rng.next() % 4)] : [16.0, 32, 64, 128, 256][Int(rng.next() % 5)]
            var disks = [ScenarioDisk(key: isContainer ? "rootfs" : "scsi0", storage: storage, sizeGib: diskSize)]
            if !isContainer && rng.unit() < 0.1 {
                disks.append(ScenarioDisk(key: "scsi1", storage: storage, sizeGib: [100.0, 250, 500][Int(rng.next() % 3)]))
            }
            var mountPoints: [ScenarioMountPoint] = []
            if isContainer && rng.unit() < 0.05 {
                mountPoints.append(ScenarioMountPoint(key: "mp0", source: "/mnt/data/\(vmid)", mp: "/data", shared: rng.unit() < 0.5))
            }
            var passthrough: [String: String] = [:]
            if !isContainer && rng.unit() < 0.01 { passthrough["hostpci0"] = "0000:0\(1 + Int(rng.next() % 8)):00.0,pcie=1" }
            if !isContainer && rng.unit() < 0.005 { passthrough["usb0"] = "host=046d:c52b" }
            let ha: ScenarioHA? =
                !isContainer && storage != "local-lvm" && storage != "fast-nvme" && rng.unit() < 0.03
                ? ScenarioHA(group: "ha-prod") : nil

            let statusRoll = rng.unit()
            let template = statusRoll < 0.01
            let status = template || statusRoll < 0.09 ? "stopped" : "running"
            let scale = Double(cores)
            let burst: ScenarioBurst? = rng.unit() < 0.05 ? ScenarioBurst(periodHours: 24, durationMinutes: 30, extra: 1) : nil
            let workload = ScenarioWorkload(
                cpu: cpu, dailyAmplitude: 0.1 + 0.3 * rng.unit(), peakHour: 9 + 11 * rng.unit(),
                weeklyAmplitude: 0.1 * rng.unit(), trendPerDay: -0.001 + 0.011 * rng.unit(), noise: 0.03 + 0.07 * rng.unit(),
                burst: burst, memUsedFraction: 0.3 + 0.6 * rng.unit(),
                diskReadBps: scale * (20_000 + 400_000 * rng.unit()), diskWriteBps: scale * (10_000 + 200_000 * rng.unit()),
                netInBps: scale * (10_000 + 1_000_000 * rng.unit()), netOutBps: scale * (5_000 + 500_000 * rng.unit()),
                iowaitContribution: 0.0002 + 0.002 * rng.unit())
            guests.append(
                ScenarioGuest(
                    vmid: vmid, type: isContainer ? .lxc : .qemu, name: "\(role)-\(String(vmid).leftPadded(to: 4))", node: nodeName,
                    cores: cores, memoryMib: memoryMib, balloon: isContainer ? nil : (rng.unit() < 0.3 ? memoryMib / 2 : nil),
                    status: status, template: template, tags: tags, disks: disks, mountPoints: mountPoints,
                    passthrough: passthrough, ha: ha, workload: workload))
        }
        // Scale the load to about half of the cluster's threads, then keep every node below
        // saturation so the imbalance stays visible in the numbers.
        let nodeIndex = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.name, $0) })
        func demand() -> [Double] {
            var cores = Array(repeating: 0.0, count: nodeCount)
            for guest in guests where guest.status == "running" { cores[nodeIndex[guest.node] ?? 0] += guest.workload.cpu * Double(guest.vcpus) }
            return cores
        }
        let threads = nodes.map { Double($0.cpus) }
        let total = demand().reduce(0, +)
        if total > 0 {
            let factor = 0.5 * threads.reduce(0, +) / total
            for g in guests.indices { guests[g].workload.cpu = min(0.95, guests[g].workload.cpu * factor) }
        }
        let perNode = demand()
        for g in guests.indices {
            let node = nodeIndex[guests[g].node] ?? 0
            if perNode[node] > 0.9 * threads[node] { guests[g].workload.cpu *= 0.9 * threads[node] / perNode[node] }
        }
        return Scenario(
            cluster: "sim-\(nodeCount)x\(guestCount)", pveVersion: "8.4.14", seed: seed,
            storages: storages, nodes: nodes, guests: guests)
    }

    /// A weighted random node that still has memory room (falls back to the emptiest one).
    private static func pickNode(
        weights: [Double], total: Double, memory: Double, nodes: [ScenarioNode],
        usedMemory: [Double], rng: inout SplitMix64
    ) -> Int {
        for _ in 0..<8 {
            var roll = rng.unit() * total
            var choice = weights.count - 1
            for (index, weight) in weights.enumerated() {
                roll -= weight
                if roll < 0 {
                    choice = index
                    break
                }
            }
            if usedMemory[choice] + memory <= nodes[choice].memoryGib * 0.9 { return choice }
        }
        return usedMemory.indices.min { usedMemory[$0] / nodes[$0].memoryGib < usedMemory[$1] / nodes[$1].memoryGib } ?? 0
    }
}
