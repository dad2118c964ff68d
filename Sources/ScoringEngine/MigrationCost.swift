/// What migrating guests costs, in seconds on the migration link (`migration_link_gbps`, or the
/// datacenter's `bwlimit` for migrations when lower): a fixed
/// `overheadSeconds` per guest (starting the task, the last sync and switch-over, and the risk
/// every move carries) plus the bytes it copies (`MoveBundle.copyBytes`) at the link's speed. On a
/// slow link size weighs more against the number of moves; on a fast one less. Pure.
struct MigrationCost: Sendable {
    /// Seconds every migration costs whatever its size.
    static let overheadSeconds: Double = 20

    /// The link's speed in bytes per second.
    let bytesPerSecond: Double

    /// A link of `linkGbps`, or slower where Proxmox limits migrations to `limitBps` bytes per second.
    init(linkGbps: Double, limitBps: Double? = nil) {
        bytesPerSecond = min(max(linkGbps, 0.001) * 1e9 / 8, limitBps.map { max($0, 1) } ?? .infinity)
    }

    /// The link's speed in Gbit/s.
    var linkGbps: Double { bytesPerSecond * 8 / 1e9 }

    /// Seconds moving `bundle` takes: one overhead per guest, and its bytes over the link.
    func seconds(_ bundle: MoveBundle) -> Double {
        Double(bundle.guests.count) * Self.overheadSeconds + Double(bundle.copyBytes) / bytesPerSecond
    }
}
