import Foundation

extension Double {
    /// Clamped into `range`; NaN becomes the lower bound.
    func clamped(to range: ClosedRange<Double>) -> Double {
        isNaN ? range.lowerBound : Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}

extension Int {
    func clamped(to range: ClosedRange<Int>) -> Int { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}

extension Scenario {
    /// A copy with every number forced into a range the simulator can represent, so a scenario
    /// built in code (not validated) can never make it trap on overflow.
    func sanitized() -> Scenario {
        var copy = self
        copy.clock.speed = clock.speed.clamped(to: 1e-6...1e6)
        copy.clock.historyDays = clock.historyDays.clamped(to: 0...3650)
        copy.clock.start = clock.start.map { $0.clamped(to: 0...4_102_444_800) }
        copy.migration.bandwidthMiBs = migration.bandwidthMiBs.clamped(to: 1...1e7)
        copy.migration.baseSeconds = migration.baseSeconds.clamped(to: 0...1e6)
        copy.migration.timeScale = migration.timeScale.clamped(to: 0...1e6)
        copy.migration.bwlimitKiBs = migration.bwlimitKiBs.map { $0.clamped(to: 1...1e10) }
        for i in copy.storages.indices {
            copy.storages[i].totalGib = storages[i].totalGib.clamped(to: 0...1e9)
            copy.storages[i].usedGib = storages[i].usedGib.clamped(to: 0...copy.storages[i].totalGib)
        }
        for i in copy.nodes.indices {
            var node = copy.nodes[i]
            node.cpus = node.cpus.clamped(to: 1...65_536)
            node.cores = node.cores.clamped(to: 1...65_536)
            node.sockets = node.sockets.clamped(to: 1...64)
            node.memoryGib = node.memoryGib.clamped(to: 0.001...1e6)
            node.baseMemoryGib = node.baseMemoryGib.clamped(to: 0...node.memoryGib)
            node.baseCpu = node.baseCpu.clamped(to: 0...1)
            node.baseIowait = node.baseIowait.clamped(to: 0...1)
            copy.nodes[i] = node
        }
        copy.guests = guests.filter { (100...999_999_999).contains($0.vmid) }.map { original in
            var guest = original
            guest.cores = guest.cores.clamped(to: 1...4096)
            guest.sockets = guest.sockets.clamped(to: 1...64)
            guest.memoryMib = guest.memoryMib.clamped(to: 1...(1 << 30))
            guest.swapMib = guest.swapMib.clamped(to: 0...(1 << 30))
            guest.balloon = guest.balloon.map { $0.clamped(to: 0...guest.memoryMib) }
            for d in guest.disks.indices { guest.disks[d].sizeGib = guest.disks[d].sizeGib.clamped(to: 0...1e6) }
            for m in guest.mountPoints.indices { guest.mountPoints[m].sizeGib = guest.mountPoints[m].sizeGib.clamped(to: 0...1e6) }
            var w = guest.workload
            w.cpu = w.cpu.clamped(to: 0...1)
            w.dailyAmplitude = w.dailyAmplitude.clamped(to: 0...10)
            w.weeklyAmplitude = w.weeklyAmplitude.clamped(to: 0...10)
            w.peakHour = w.peakHour.clamped(to: -1e6...1e6)
            w.trendPerDay = w.trendPerDay.clamped(to: -1...1)
            w.noise = w.noise.clamped(to: 0...1)
            w.memUsedFraction = w.memUsedFraction.clamped(to: 0...1)
            w.diskReadBps = w.diskReadBps.clamped(to: 0...1e12)
            w.diskWriteBps = w.diskWriteBps.clamped(to: 0...1e12)
            w.netInBps = w.netInBps.clamped(to: 0...1e12)
            w.netOutBps = w.netOutBps.clamped(to: 0...1e12)
            w.iowaitContribution = w.iowaitContribution.clamped(to: 0...1)
            if var burst = w.burst {
                burst.periodHours = burst.periodHours.clamped(to: 0...1e5)
                burst.durationMinutes = burst.durationMinutes.clamped(to: 0...1e7)
                burst.extra = burst.extra.clamped(to: 0...100)
                w.burst = burst
            }
            guest.workload = w
            return guest
        }
        return copy
    }
}
