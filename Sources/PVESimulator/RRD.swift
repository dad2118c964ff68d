import Foundation

/// PVE 8 RRD resolutions: 70 points per timeframe, oldest first, aligned to the step.
enum RRDTimeframe: String, CaseIterable, Sendable {
    case hour, day, week, month, year

    static let pointCount = 70

    /// Seconds per point.
    var step: Double {
        switch self {
        case .hour: 60
        case .day: 1_800
        case .week: 10_800
        case .month: 43_200
        case .year: 604_800
        }
    }

    /// Point times (end of each averaging window), the newest one the last complete step before `now`.
    func pointTimes(now: Double) -> [Double] {
        let last = (now / step).rounded(.down) * step
        return (0..<Self.pointCount).map { last - Double(Self.pointCount - 1 - $0) * step }
    }

    /// Parses the `timeframe` and `cf` parameters of an rrddata call.
    static func parse(_ parameters: RequestParameters) throws -> (RRDTimeframe, isMax: Bool) {
        let raw = try parameters.required("timeframe")
        guard let timeframe = try parameters.choice("timeframe", allCases.map(\.rawValue)).flatMap(RRDTimeframe.init) else {
            throw APIError.parameters(["timeframe": "value '\(raw)' does not have a value in the enumeration 'hour, day, week, month, year'"])
        }
        let cf = try parameters.choice("cf", ["AVERAGE", "MAX"]) ?? "AVERAGE"
        return (timeframe, cf == "MAX")
    }

    /// Instants inside a window used to estimate the MAX consolidation.
    static func maxSampleTimes(from start: Double, to end: Double) -> [Double] {
        (0..<4).map { start + (Double($0) + 0.5) * (end - start) / 4 }
    }
}

extension SimulatorCore {
    /// `GET /nodes/{n}/rrddata`.
    func nodeRRD(node index: Int, parameters: RequestParameters, now: Double) throws -> SimResponse {
        let (timeframe, isMax) = try RRDTimeframe.parse(parameters)
        let node = model.nodes[index]
        let pve9 = model.version.major >= 9
        return APIResponse.data(capacity: 24_000) { json in
            json.beginArray()
            for time in timeframe.pointTimes(now: now) {
                json.beginObject()
                json.field("time", Int(time))
                let start = time - timeframe.step
                if start >= model.historyStart {
                    var values = nodeAverages(node: index, from: start, to: time)
                    if isMax {
                        for instant in RRDTimeframe.maxSampleTimes(from: start, to: time) {
                            let peak = sample(node: index, at: instant)
                            values.cpu = max(values.cpu, peak.cpu)
                            values.mem = max(values.mem, peak.mem)
                            values.iowait = max(values.iowait, peak.iowait)
                            values.netin = max(values.netin, peak.netin)
                            values.netout = max(values.netout, peak.netout)
                        }
                    }
                    json.field("loadavg", (values.cpu * Double(node.threads) * 100).rounded() / 100)
                    json.field("maxcpu", node.threads)
                    json.field("cpu", values.cpu)
                    json.field("iowait", values.iowait)
                    json.field("memtotal", node.memTotal)
                    json.field("memused", Double(values.mem))
                    json.field("swaptotal", node.swapTotal)
                    json.field("swapused", 0)
                    json.field("roottotal", node.rootTotal)
                    json.field("rootused", node.rootUsed)
                    json.field("netin", values.netin)
                    json.field("netout", values.netout)
                    if pve9 {
                        json.field("memavailable", Double(node.memTotal - values.mem))
                        json.field("arcsize", 0)
                        json.field("pressurecpusome", max(0, values.cpu - 0.7) * 30)
                        json.field("pressureiosome", values.iowait * 100)
                        json.field("pressureiofull", values.iowait * 90)
                        json.field("pressurememorysome", 0)
                        json.field("pressurememoryfull", 0)
                    }
                }
                json.endObject()
            }
            json.endArray()
        }
    }

    /// `GET /nodes/{n}/{qemu|lxc}/{vmid}/rrddata`.
    func guestRRD(guest index: Int, parameters: RequestParameters, now: Double) throws -> SimResponse {
        let (timeframe, isMax) = try RRDTimeframe.parse(parameters)
        let guest = model.guests[index]
        let status = guests[index].status
        let pve9 = model.version.major >= 9
        return APIResponse.data(capacity: 16_000) { json in
            json.beginArray()
            for time in timeframe.pointTimes(now: now) {
                json.beginObject()
                json.field("time", Int(time))
                let start = time - timeframe.step
                if start >= model.historyStart {
                    json.field("maxcpu", guest.vcpus)
                    json.field("maxmem", guest.maxmem)
                    json.field("maxdisk", guest.maxdisk)
                    if status.hasProcess {
                        func value(_ signal: Signal, limit: Double = .infinity) -> Double {
                            var result = signal.average(from: start, to: time)
                            if isMax {
                                for instant in RRDTimeframe.maxSampleTimes(from: start, to: time) {
                                    result = max(result, signal.value(at: instant))
                                }
                            }
                            return min(limit, max(0, result))
                        }
                        let mem = value(guest.mem, limit: Double(guest.maxmem))
                        json.field("cpu", status == .running ? value(guest.cpu, limit: 1) : 0)
                        json.field("mem", mem)
                        json.field("disk", guest.rootfsUsed)
                        json.field("netin", value(guest.netIn))
                        json.field("netout", value(guest.netOut))
                        json.field("diskread", value(guest.diskRead))
                        json.field("diskwrite", value(guest.diskWrite))
                        if pve9 {
                            json.field("memhost", mem)
                            for name in [
                                "pressurecpusome", "pressurecpufull", "pressureiosome", "pressureiofull",
                                "pressurememorysome", "pressurememoryfull",
                            ] {
                                json.field(name, 0)
                            }
                        }
                    } else {
                        json.field("disk", 0)
                    }
                }
                json.endObject()
            }
            json.endArray()
        }
    }
}
