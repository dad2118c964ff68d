public import Contract

/// Finds the guest a command names, by vmid or by name, in a cluster snapshot.
public enum GuestLookup {
    /// The snapshot's guest for `reference` (a vmid, or a name matched exactly, then ignoring case).
    /// - Throws: `PbctlFailure` — not found (4), or usage (2) when a name fits several guests.
    public static func find(_ reference: String, in snapshot: JSONValue) throws(PbctlFailure) -> JSONValue {
        let guests = snapshot["guests"]?.items ?? []
        let cluster = snapshot["cluster"]?.string ?? "the cluster"
        if let vmid = Int(reference) {
            guard let guest = guests.first(where: { $0["vmid"]?.int == vmid }) else {
                throw PbctlFailure(.notFound, "not_found: guest \(vmid) is not in the snapshot of cluster \(cluster)")
            }
            return guest
        }
        var matches = guests.filter { $0["name"]?.string == reference }
        if matches.isEmpty { matches = guests.filter { $0["name"]?.string?.lowercased() == reference.lowercased() } }
        switch matches.count {
        case 0: throw PbctlFailure(.notFound, "not_found: no guest named '\(reference)' in cluster \(cluster)")
        case 1: return matches[0]
        default:
            let ids = matches.compactMap { $0["vmid"]?.int }.map(String.init).joined(separator: ", ")
            throw PbctlFailure(.usage, "'\(reference)' names several guests (\(ids)): give the vmid")
        }
    }

    /// `VM 116 (Firewall999)` / `CT 111 (syncthing)`.
    public static func label(_ guest: JSONValue) -> String {
        let kind = guest["type"]?.string == "lxc" ? "CT" : "VM"
        let vmid = guest["vmid"]?.int.map(String.init) ?? "?"
        guard let name = guest["name"]?.string, !name.isEmpty else { return "\(kind) \(vmid)" }
        return "\(kind) \(vmid) (\(name))"
    }
}
