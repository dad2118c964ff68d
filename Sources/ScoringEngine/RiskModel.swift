public import Contract

/// Migration risk, weighed 30 % size, 25 % disk I/O,
/// 20 % storage, 15 % network, 10 % cluster health. Local (unshared) disks that must be copied
/// add to the storage part.
public enum RiskModel {
    /// The risk of moving `guest` when the cluster's health is `clusterHealth` (0–100, higher is
    /// healthier); `localStorages` are the guest's storages that are not shared.
    public static func risk(_ guest: GuestState, localStorages: [String], clusterHealth: Double) -> MigrationRisk {
        let gib = Double(guest.memoryMaxBytes) / 1_073_741_824
        let diskMBps = ((guest.diskReadBps ?? 0) + (guest.diskWriteBps ?? 0)) / 1_000_000
        let netMBps = ((guest.netInBps ?? 0) + (guest.netOutBps ?? 0)) / 1_000_000
        let size: Double = gib >= 64 ? 100 : gib >= 32 ? 75 : gib >= 16 ? 50 : gib >= 4 ? 25 : 10
        let disk: Double = diskMBps >= 100 ? 100 : diskMBps >= 50 ? 75 : diskMBps >= 20 ? 50 : diskMBps >= 5 ? 25 : 5
        let count = guest.storages.count
        var storage: Double = count > 4 ? 80 : count > 2 ? 50 : count > 1 ? 30 : 10
        if !localStorages.isEmpty { storage += 20 }
        if !guest.bindMounts.isEmpty { storage += 15 }
        storage = min(storage, 100)
        let network: Double = netMBps >= 100 ? 90 : netMBps >= 50 ? 65 : netMBps >= 10 ? 35 : 10
        let strain = 100 - clusterHealth
        let health: Double = strain > 70 ? 90 : strain > 50 ? 60 : strain > 30 ? 30 : 10
        let score = Rounding.round(0.30 * size + 0.25 * disk + 0.20 * storage + 0.15 * network + 0.10 * health)
        var notes: [String] = []
        if gib >= 16 { notes.append("\(Rounding.string(gib, decimals: 0)) GiB of memory to copy") }
        if diskMBps >= 20 { notes.append("busy disks (\(Rounding.string(diskMBps, decimals: 0)) MB/s)") }
        if !localStorages.isEmpty { notes.append("local disks to copy (\(localStorages.joined(separator: ", ")))") }
        if netMBps >= 50 { notes.append("busy network (\(Rounding.string(netMBps, decimals: 0)) MB/s)") }
        if health >= 60 { notes.append("the cluster is under strain") }
        return MigrationRisk(
            score: score, level: level(score),
            factors: ["size": size, "disk_io": disk, "storage": storage, "network": network, "cluster_health": health],
            notes: notes)
    }

    /// `low` ≤ 25, `moderate` ≤ 50, `high` ≤ 75, else `very_high`.
    public static func level(_ score: Double) -> String {
        score <= 25 ? "low" : score <= 50 ? "moderate" : score <= 75 ? "high" : "very_high"
    }
}
