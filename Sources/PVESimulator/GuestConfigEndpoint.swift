import Contract
import Foundation

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
