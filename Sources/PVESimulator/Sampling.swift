import Foundation

/// A guest's values at one instant, in Proxmox units.
struct GuestSample: Sendable {
    var cpu: Double = 0
    var mem: Int = 0
    var netin: Int = 0
    var netout: Int = 0
    var diskread: Int = 0
    var diskwrite: Int = 0
    var uptime: Int = 0
    var disk: Int = 0
}

/// A node's values at one instant.
struct NodeSample: Sendable {
    var cpu: Double
    var mem: Int
    var iowait: Double
    var netin: Double
    var netout: Double
    var uptime: Int
}

extension SimulatorCore {
    /// Guest values at `t` (counters integrate the rates since the process start).
    func sample(guest index: Int, at t: Double) -> GuestSample {
        let model = model.guests[index]
        let state = guests[index]
        guard state.status.hasProcess else { return GuestSample() }
        let since = min(state.processStart, t)
        func counter(_ signal: Signal, _ origin: Double) -> Int { Int(max(0, signal.antiderivative(at: t) - origin).rounded()) }
        var sample = GuestSample()
        sample.cpu = state.status == .running ? min(1, max(0, model.cpu.value(at: t))) : 0
        sample.mem = Int(min(Double(model.maxmem), max(0, model.mem.value(at: t))))
        let origins = state.counterOrigins
        sample.netin = counter(model.netIn, origins.0)
        sample.netout = counter(model.netOut, origins.1)
        sample.diskread = counter(model.diskRead, origins.2)
        sample.diskwrite = counter(model.diskWrite, origins.3)
        sample.uptime = max(0, Int(t - since))
        sample.disk = model.rootfsUsed
        return sample
    }

    /// Node values averaged over [start, end], following where guests were at each moment.
    func nodeAverages(node index: Int, from start: Double, to end: Double) -> NodeSample {
        let node = model.nodes[index]
        let span = end - start
        var cores = max(0, node.cpuBase.average(from: start, to: end)) * Double(node.threads)
        var mem = node.baseMemory
        var iowait = max(0, node.iowaitBase.average(from: start, to: end))
        var netin = 2_000.0
        var netout = 1_500.0
        for guest in historicalGuests[index] where guests[guest].status.hasProcess {
            let g = model.guests[guest]
            let running = guests[guest].status == .running
            for (a, b) in guests[guest].intervals(on: index, from: start, to: end) {
                let share = (b - a) / span
                if running {
                    cores += min(1, max(0, g.cpu.average(from: a, to: b))) * Double(g.vcpus) * share
                    iowait += max(0, g.iowait.average(from: a, to: b)) * share
                    netin += max(0, g.netIn.average(from: a, to: b)) * share
                    netout += max(0, g.netOut.average(from: a, to: b)) * share
                }
                mem += min(Double(g.maxmem), max(0, g.mem.average(from: a, to: b))) * share
            }
        }
        return NodeSample(
            cpu: min(1, cores / Double(node.threads)), mem: Int(min(Double(node.memTotal), mem)),
            iowait: min(1, iowait), netin: netin, netout: netout, uptime: max(0, Int(end - node.bootTime)))
    }

    /// Node values at instant `t`, following where guests were at that moment.
    func sample(node index: Int, at t: Double) -> NodeSample {
        let node = model.nodes[index]
        var cores = max(0, node.cpuBase.value(at: t)) * Double(node.threads)
        var mem = node.baseMemory
        var iowait = max(0, node.iowaitBase.value(at: t))
        var netin = 2_000.0
        var netout = 1_500.0
        for guest in historicalGuests[index] where guests[guest].status.hasProcess && guests[guest].node(at: t) == index {
            let g = model.guests[guest]
            if guests[guest].status == .running {
                cores += min(1, max(0, g.cpu.value(at: t))) * Double(g.vcpus)
                iowait += max(0, g.iowait.value(at: t))
                netin += max(0, g.netIn.value(at: t))
                netout += max(0, g.netOut.value(at: t))
            }
            mem += min(Double(g.maxmem), max(0, g.mem.value(at: t)))
        }
        return NodeSample(
            cpu: min(1, cores / Double(node.threads)), mem: Int(min(Double(node.memTotal), mem)),
            iowait: min(1, iowait), netin: netin, netout: netout, uptime: max(0, Int(t - node.bootTime)))
    }
}
