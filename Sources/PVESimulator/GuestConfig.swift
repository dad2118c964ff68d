import Foundation

/// Renders guest configuration values the way Proxmox stores them.
enum GuestConfig {
    /// `32G`, `512M`: Proxmox size suffixes.
    static func size(_ bytes: Int) -> String {
        let gibibytes = Double(bytes) / gib
        if gibibytes >= 1, gibibytes == gibibytes.rounded() { return "\(Int(gibibytes))G" }
        return "\(Int((Double(bytes) / mib).rounded()))M"
    }

    /// A stable MAC address with Proxmox's `BC:24:11` prefix.
    static func mac(_ key: UInt64) -> String {
        let hex = StableHash.hex(key, 0xAC, count: 6)
        return "BC:24:11:" + stride(from: 0, to: 6, by: 2).map { i in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return String(hex[start..<hex.index(start, offsetBy: 2)])
        }.joined(separator: ":")
    }

    /// A stable UUID.
    static func uuid(_ key: UInt64, _ salt: UInt64) -> String {
        let hex = StableHash.hex(key, salt, count: 32).lowercased()
        let parts = [8, 4, 4, 4, 12]
        var result: [String] = []
        var index = hex.startIndex
        for length in parts {
            let end = hex.index(index, offsetBy: length)
            result.append(String(hex[index..<end]))
            index = end
        }
        return result.joined(separator: "-")
    }

    /// The SHA1-like digest of a config (changes with the lock).
    static func digest(_ key: UInt64, lock: String?) -> String {
        StableHash.hex(key, StableHash.string(lock ?? ""), count: 40).lowercased()
    }

    /// The process id of a running guest (stable per process start).
    static func pid(_ key: UInt64, processStart: Double) -> Int {
        1_000 + Int(StableHash.hash(key, UInt64(bitPattern: Int64(processStart))) % 4_000_000)
    }
}

extension SimulatorCore {
    /// `GET /nodes/{n}/{qemu|lxc}/{vmid}/config`.
    func guestConfig(guest index: Int) -> SimResponse {
        let guest = model.guests[index]
        let state = guests[index]
        let spec = guest.spec
        return APIResponse.data { json in
            json.beginObject()
            json.field("digest", GuestConfig.digest(guest.key, lock: state.lock))
            json.fieldIfPresent("tags", guest.tagsText)
            json.fieldIfPresent("lock", state.lock)
            if guest.isTemplate { json.field("template", 1) }
            json.field("onboot", 1)
            json.field("cores", spec.cores)
            if guest.type == .qemu {
                json.field("name", spec.name)
                json.field("sockets", spec.sockets)
                if model.version.atLeast(8, 1) { json.field("memory", String(spec.memoryMib)) } else { json.field("memory", spec.memoryMib) }
                if let balloon = spec.balloon { json.field("balloon", balloon) }
                json.field("ostype", "l26")
                json.field("cpu", "x86-64-v2-AES")
                json.field("numa", 0)
                json.field("scsihw", "virtio-scsi-single")
                json.field("agent", "1")
                json.field("net0", "virtio=\(GuestConfig.mac(guest.key)),bridge=vmbr0,firewall=1")
                json.field("smbios1", "uuid=\(GuestConfig.uuid(guest.key, 1))")
                json.field("vmgenid", GuestConfig.uuid(guest.key, 2))
                var boot: [String] = []
                for volume in guest.volumes {
                    guard let volid = volume.volid else { continue }
                    if volume.cdrom {
                        json.field(volume.key, "\(volid),media=cdrom")
                    } else {
                        json.field(volume.key, "\(volid),iothread=1,size=\(GuestConfig.size(volume.sizeBytes))")
                        if boot.isEmpty { boot.append(volume.key) }
                    }
                }
                json.field("boot", "order=" + (boot + ["net0"]).joined(separator: ";"))
                for (key, value) in spec.passthrough.sorted(by: { $0.key < $1.key }) { json.field(key, value) }
            } else {
                json.field("hostname", spec.name)
                json.field("arch", "amd64")
                json.field("memory", spec.memoryMib)
                json.field("swap", spec.swapMib)
                json.field("ostype", "debian")
                json.field("unprivileged", 1)
                json.field("features", "nesting=1")
                json.field("net0", "name=eth0,bridge=vmbr0,firewall=1,hwaddr=\(GuestConfig.mac(guest.key)),ip=dhcp,type=veth")
                for volume in guest.volumes {
                    if let mount = volume.mountPoint {
                        if let volid = volume.volid {
                            json.field(volume.key, "\(volid),mp=\(mount.mp),size=\(GuestConfig.size(volume.sizeBytes))")
                        } else {
                            json.field(volume.key, "\(mount.source ?? "/mnt/\(mount.key)"),mp=\(mount.mp)\(mount.shared ? ",shared=1" : "")")
                        }
                    } else if let volid = volume.volid {
                        json.field(volume.key, "\(volid),size=\(GuestConfig.size(volume.sizeBytes))")
                    }
                }
                for (key, value) in spec.passthrough.sorted(by: { $0.key < $1.key }) { json.field(key, value) }
            }
            json.endObject()
        }
    }
}
