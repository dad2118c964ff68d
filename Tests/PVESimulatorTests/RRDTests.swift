import Foundation
import PVESimulator
import Testing

@Suite("RRD history and counters")
struct RRDTests {
    static let steps: [(String, Double)] = [("hour", 60), ("day", 1_800), ("week", 10_800), ("month", 43_200), ("year", 604_800)]

    @Test("every timeframe has 70 points, oldest first, aligned to the step", arguments: steps)
    func resolution(timeframe: String, step: Double) async throws {
        let now = TestScenarios.date(hour: 13.37)
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { now })
        for path in ["/nodes/pve3/rrddata", "/nodes/pve3/qemu/117/rrddata", "/nodes/pve3/lxc/111/rrddata"] {
            let points = try #require(try await simulator.get(path, query: ["timeframe": timeframe]).array)
            let times = points.compactMap { $0["time"]?.number }
            #expect(times.count == 70, "\(path)")
            #expect(times.allSatisfy { $0.truncatingRemainder(dividingBy: step) == 0 })
            #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == step })
            #expect(try #require(times.last) <= now.timeIntervalSince1970 && now.timeIntervalSince1970 - times.last! < step)
            #expect(points.allSatisfy { !$0.description.contains("null") }, "undefined values are omitted, never null")
        }
    }

    @Test("seven days of history carry data; older buckets only carry time")
    func history() async throws {
        let now = TestScenarios.date(hour: 12)
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { now })
        let week = try #require(try await simulator.get("/nodes/pve4/rrddata", query: ["timeframe": "week"]).array)
        let sevenDaysAgo = now.timeIntervalSince1970 - 7 * 86_400
        let recent = week.filter { ($0["time"]?.number ?? 0) >= sevenDaysAgo }
        #expect(recent.count >= 55)
        #expect(recent.allSatisfy { ($0["cpu"]?.number ?? -1) > 0.3 && $0["memused"]?.number != nil && $0["maxcpu"]?.number == 16 })
        let old = week.filter { ($0["time"]?.number ?? 0) < now.timeIntervalSince1970 - 8 * 86_400 - 10_800 }
        #expect(!old.isEmpty && old.allSatisfy { $0.keys == ["time"] })
    }

    @Test("a stopped guest carries only time, maxcpu, maxmem, maxdisk and disk")
    func stoppedGuest() async throws {
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { TestScenarios.date(hour: 12) })
        let points = try #require(try await simulator.get("/nodes/pve4/qemu/130/rrddata", query: ["timeframe": "hour"]).array)
        #expect(points.allSatisfy { $0.keys == ["time", "maxcpu", "maxmem", "maxdisk", "disk"] })
    }

    @Test("MAX is at least AVERAGE")
    func maxConsolidation() async throws {
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: { TestScenarios.date(hour: 12) })
        let average = try #require(try await simulator.get("/nodes/pve3/rrddata", query: ["timeframe": "day"]).array)
        let maximum = try #require(try await simulator.get("/nodes/pve3/rrddata", query: ["timeframe": "day", "cf": "MAX"]).array)
        for (a, m) in zip(average, maximum) {
            #expect((m["cpu"]?.number ?? 0) >= (a["cpu"]?.number ?? 0))
            #expect((m["netin"]?.number ?? 0) >= (a["netin"]?.number ?? 0))
        }
    }

    @Test("bad timeframe or cf is a 400 naming the parameter")
    func badParameters() async throws {
        let simulator = PVESimulator(scenario: try TestScenarios.demo())
        let bad = try await simulator.call("GET", "/nodes/pve3/rrddata", query: ["timeframe": "decade"])
        #expect(bad.status == 400 && bad.reason == "Parameter verification failed.")
        #expect(bad.body?["errors"]?["timeframe"]?.string?.contains("enumeration") == true)
        #expect(bad.data == .null)
        let missing = try await simulator.call("GET", "/nodes/pve3/rrddata")
        #expect(missing.body?["errors"]?["timeframe"]?.string == "property is missing and it is not optional")
        let cf = try await simulator.call("GET", "/nodes/pve3/rrddata", query: ["timeframe": "hour", "cf": "MIN"])
        #expect(cf.status == 400 && cf.body?["errors"]?["cf"] != nil)
    }

    @Test("counter deltas over 60 s divided by 60 equal the RRD rate of that minute", arguments: ["qemu/117", "lxc/111", "qemu/116"])
    func countersIntegrateRates(guest: String) async throws {
        let end = TestScenarios.date(hour: 15)
        let clock = ManualClock(end.addingTimeInterval(-60))
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: clock.now)
        let type = String(guest.split(separator: "/")[0])
        let vmid = String(guest.split(separator: "/")[1])
        let before = try #require(entry(try await simulator.get("/nodes/pve3/\(type)"), "vmid", vmid))
        clock.advance(60)
        let after = try #require(entry(try await simulator.get("/nodes/pve3/\(type)"), "vmid", vmid))
        let rrd = try #require(try await simulator.get("/nodes/pve3/\(guest)/rrddata", query: ["timeframe": "hour"]).array?.last)
        #expect(rrd["time"]?.number == end.timeIntervalSince1970)
        for counter in ["netin", "netout", "diskread", "diskwrite"] {
            let delta = try #require(after[counter]?.number) - (try #require(before[counter]?.number))
            let rate = try #require(rrd[counter]?.number)
            #expect(rate > 0)
            #expect(abs(delta / 60 - rate) <= max(0.05, rate * 1e-6), "\(guest) \(counter): \(delta / 60) vs \(rate)")
        }
        #expect(try #require(after["uptime"]?.number) - (try #require(before["uptime"]?.number)) == 60)
    }

    @Test("cluster resources counters are consistent with the guest list at 10 s ticks")
    func resourcesCounters() async throws {
        let clock = ManualClock(TestScenarios.date(hour: 9))
        let simulator = PVESimulator(scenario: try TestScenarios.demo(), now: clock.now)
        let list = try #require(entry(try await simulator.get("/nodes/pve4/qemu"), "vmid", "120"))
        let resource = try #require(entry(try await simulator.get("/cluster/resources", query: ["type": "vm"]), "vmid", "120"))
        #expect(list["netin"] == resource["netin"] && list["uptime"] == resource["uptime"])
    }
}
