import Contract
import Foundation
import ProxmoxAPI

/// Proxmox rrddata points in the contract's units (`RRDSeries.Point`). Pure.
enum RRDPoints {
    /// A node's points: fractions become percentages, memory also as a share of the total.
    static func node(_ points: [PVENodeRRDPoint]) -> [RRDSeries.Point] {
        points.compactMap { point in
            guard let time = point.time else { return nil }
            let memoryPct = point.memused.flatMap { used in point.memtotal.flatMap { $0 > 0 ? used / $0 * 100 : nil } }
            return RRDSeries.Point(
                at: time, cpuPct: finite(point.cpu.map { $0 * 100 }), memoryUsedBytes: finite(point.memused),
                memoryTotalBytes: finite(point.memtotal), memoryPct: finite(memoryPct), iowaitPct: finite(point.iowait.map { $0 * 100 }),
                load1: finite(point.loadavg), netInBps: finite(point.netin), netOutBps: finite(point.netout))
        }
    }

    /// A guest's points: CPU as a percentage of its own vCPUs, bytes and bytes per second as given.
    static func guest(_ points: [PVEGuestRRDPoint]) -> [RRDSeries.Point] {
        points.compactMap { point in
            guard let time = point.time else { return nil }
            return RRDSeries.Point(
                at: time, cpuPct: finite(point.cpu.map { $0 * 100 }), memoryUsedBytes: finite(point.mem),
                memoryTotalBytes: finite(point.maxmem), diskReadBps: finite(point.diskread), diskWriteBps: finite(point.diskwrite),
                netInBps: finite(point.netin), netOutBps: finite(point.netout))
        }
    }

    private static func finite(_ value: Double?) -> Double? {
        value.flatMap { $0.isFinite ? $0 : nil }
    }
}
