/// What migrating guests costs, in seconds on the migration link (`migration_link_gbps`): a fixed
/// `overheadSeconds` per guest (starting the task, the last sync and switch-over, and the risk
/// every move carries) plus the bytes it copies (`MoveBundle.copyBytes`) at the link's speed. On a
/// slow link size weighs more against the number of moves; on a fast one less. Pure.
struct MigrationCost: Sendable {
    /// Seconds every migration costs whatever its size.
    static let overheadSeconds: Double = 20

    /// The link's speed in bytes per second.
    let bytesPerSecond: Double

    init(linkGbps: Double) {
        bytesPerSecond = max(linkGbps, 0.001) * 1e9 / 8
    }

    /// Seconds moving `bundle` takes: one overhead per guest, and its bytes over the link.
    func seconds(_ bundle: MoveBundle) -> Double {
        Double(bundle.guests.count) * Self.overheadSeconds + Double(bundle.copyBytes) / bytesPerSecond
    }
}
