import Foundation
import ServiceRuntime
import Testing

@Suite("Readiness")
struct ReadinessTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    @Test("ready only when every check passed; the body lists each check, with the problem of those that failed")
    func aggregation() throws {
        let ready = ReadinessReport([ReadinessResult(name: "broker", problem: nil), ReadinessResult(name: "journal", problem: nil)])
        #expect(ready.isReady && ready.httpStatus == 200 && ready.failing.isEmpty)
        #expect(
            String(decoding: ready.json(), as: UTF8.self)
                == #"{"checks":[{"name":"broker","ok":true},{"name":"journal","ok":true}],"status":"ready"}"#)

        let report = ReadinessReport([
            ReadinessResult(name: "broker", problem: "connection to the broker lost"), ReadinessResult(name: "journal", problem: nil),
        ])
        #expect(!report.isReady && report.httpStatus == 503)
        #expect(report.failing.map(\.name) == ["broker"])
        let body = try #require(try JSONSerialization.jsonObject(with: Data(report.json())) as? [String: Any])
        #expect(body["status"] as? String == "not_ready")
        let checks = try #require(body["checks"] as? [[String: Any]])
        #expect(checks.map { $0["name"] as? String } == ["broker", "journal"])
        #expect(checks[0]["ok"] as? Bool == false && checks[0]["problem"] as? String == "connection to the broker lost")
        #expect(checks[1]["ok"] as? Bool == true && checks[1]["problem"] == nil)
        #expect(try JSONDecoder().decode(ReadinessReport.self, from: Data(report.json())) == report)
    }

    @Test("a check's error is its problem; a check that does not answer in time fails", .timeLimit(.minutes(1)))
    func checks() async {
        let passing = await ReadinessCheck("a") { nil }.run(timeout: .seconds(5))
        #expect(passing == ReadinessResult(name: "a", problem: nil))
        let probed = await ReadinessCheck("outbox", probe: { throw Failure() }).run(timeout: .seconds(5))
        #expect(probed == ReadinessResult(name: "outbox", problem: "disk full"))
        // A check that never answers: it waits on a stream nothing ever writes to.
        let (never, keepOpen) = AsyncStream<Void>.makeStream()
        let stuck = ReadinessCheck("stuck") {
            withExtendedLifetime(keepOpen) {}
            for await _ in never {}
            return nil
        }
        let started = ContinuousClock.now
        let result = await stuck.run(timeout: .milliseconds(200))
        #expect(result.problem == "no answer within 0.2 seconds")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("the checks run together and report in the order they were added", .timeLimit(.minutes(1)))
    func evaluation() async {
        // "slow" answers only after "store" has: the report keeps the order they were added in.
        let (storeDone, signal) = AsyncStream<Void>.makeStream()
        let checks = ReadinessChecks([ReadinessCheck("broker") { nil }])
        checks.add(
            ReadinessCheck("slow") {
                for await _ in storeDone { break }
                return "late"
            })
        checks.add(
            ReadinessCheck("store") {
                signal.yield()
                return nil
            })
        let report = await checks.evaluate()
        #expect(report.checks.map(\.name) == ["broker", "slow", "store"])
        #expect(report.failing == [ReadinessResult(name: "slow", problem: "late")])
    }
}
