import Foundation

extension SimulatorCore {
    /// `GET /version` and `/nodes/{n}/version`.
    func versionInfo() -> SimResponse {
        APIResponse.data { json in
            json.beginObject()
            json.field("version", model.version.text)
            json.field("release", model.version.release)
            json.field("repoid", model.version.repoid)
            json.endObject()
        }
    }

    /// The certificate fingerprint `/nodes` reports (the real one, or a stable fake per node).
    func fingerprint(node: Int) -> String {
        if let sslFingerprint { return sslFingerprint }
        let hex = StableHash.hex(model.nodes[node].key, 0xCE27, count: 64)
        return stride(from: 0, to: 64, by: 2).map { i in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return String(hex[start..<hex.index(start, offsetBy: 2)])
        }.joined(separator: ":")
    }

    /// `GET /nodes`.
    func nodeList(now: Double) -> SimResponse {
        APIResponse.data { json in
            json.beginArray()
            for node in model.nodes {
                json.beginObject()
                json.field("node", node.name)
                json.field("id", "node/\(node.name)")
                json.field("type", "node")
                json.field("level", node.spec.level)
                json.field("ssl_fingerprint", fingerprint(node: node.index))
                json.field("maxcpu", node.threads)
                json.field("maxmem", node.memTotal)
                json.field("maxdisk", node.rootTotal)
                json.field("disk", node.rootUsed)
                if isOffline(node.index) {
                    json.field("status", "offline")
                } else {
                    let sample = sample(node: node.index, at: now)
                    json.field("status", "online")
                    json.field("cpu", sample.cpu)
                    json.field("mem", sample.mem)
                    json.field("uptime", sample.uptime)
                }
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /nodes/{n}`: the directory index.
    func nodeIndex() -> SimResponse {
        let names = ["qemu", "lxc", "status", "rrddata", "storage", "tasks", "version"]
        return APIResponse.data { json in
            json.beginArray()
            for name in names {
                json.beginObject()
                json.field("name", name)
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /nodes/{n}/status`.
    func nodeStatus(node index: Int, now: Double) -> SimResponse {
        let node = model.nodes[index]
        let current = sample(node: index, at: now)
        let version = model.version
        func load(_ minutes: Double) -> String {
            let average = nodeAverages(node: index, from: now - minutes * 60, to: now)
            return String(format: "%.2f", average.cpu * Double(node.threads))
        }
        let kernel = version.kernelRelease
        let kernelVersion = "#1 SMP PREEMPT_DYNAMIC PMX \(kernel) (2025-09-12T11:02Z)"
        return APIResponse.data(capacity: 2_048) { json in
            json.beginObject()
            json.field("cpu", current.cpu)
            json.field("wait", current.iowait)
            json.field("idle", 0)
            json.field("uptime", current.uptime)
            json.key("loadavg")
            json.stringArray([load(1), load(5), load(15)])
            json.key("memory")
            json.beginObject()
            json.field("total", node.memTotal)
            json.field("used", current.mem)
            json.field("free", max(0, node.memTotal - current.mem - node.memTotal / 20))
            if version.major >= 9 { json.field("available", node.memTotal - current.mem) }
            json.endObject()
            json.key("swap")
            json.beginObject()
            json.field("total", node.swapTotal)
            json.field("used", 0)
            json.field("free", node.swapTotal)
            json.endObject()
            json.key("ksm")
            json.beginObject()
            json.field("shared", 0)
            json.endObject()
            json.key("rootfs")
            json.beginObject()
            json.field("total", node.rootTotal)
            json.field("used", node.rootUsed)
            json.field("free", node.rootTotal - node.rootUsed)
            json.field("avail", node.rootTotal - node.rootUsed - node.rootTotal / 20)
            json.endObject()
            json.key("cpuinfo")
            json.beginObject()
            json.field("cpus", node.threads)
            json.field("cores", node.spec.cores)
            json.field("sockets", node.spec.sockets)
            json.field("model", node.spec.model)
            json.field("mhz", "3200.000")
            json.field("hvm", "1")
            json.field("user_hz", 100)
            json.field(
                "flags",
                "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc pni vmx ssse3 sse4_1 sse4_2 x2apic aes avx avx2"
            )
            json.endObject()
            json.field("kversion", "Linux \(kernel) \(kernelVersion)")
            json.field("pveversion", "pve-manager/\(version.text)/\(version.repoid)")
            if version.major >= 8 {
                json.key("current-kernel")
                json.beginObject()
                json.field("sysname", "Linux")
                json.field("release", kernel)
                json.field("version", kernelVersion)
                json.field("machine", "x86_64")
                json.endObject()
                json.key("boot-info")
                json.beginObject()
                json.field("mode", "efi")
                json.field("secureboot", 0)
                json.endObject()
            }
            json.endObject()
        }
    }

    /// `GET /nodes/{n}/storage[?content=…&enabled=1&storage=…]`.
    func nodeStorage(node index: Int, parameters: RequestParameters) throws -> SimResponse {
        let content = parameters.string("content")
        let only = parameters.string("storage")
        _ = try parameters.bool("enabled")
        let node = model.nodes[index]
        return APIResponse.data { json in
            json.beginArray()
            for storageIndex in node.storages {
                let storage = model.storages[storageIndex]
                if let content, !content.split(separator: ",").allSatisfy({ storage.supports(String($0)) }) { continue }
                if let only, only != storage.id { continue }
                let used = storage.usedBytes(nodeKey: node.key)
                json.beginObject()
                json.field("storage", storage.id)
                json.field("type", storage.spec.type)
                json.field("content", storage.spec.content)
                json.field("shared", flag: storage.spec.shared)
                json.field("active", 1)
                json.field("enabled", 1)
                json.field("total", storage.totalBytes)
                json.field("used", used)
                json.field("avail", max(0, storage.totalBytes - used))
                json.field("used_fraction", storage.totalBytes > 0 ? Double(used) / Double(storage.totalBytes) : 0)
                json.endObject()
            }
            json.endArray()
        }
    }
}
