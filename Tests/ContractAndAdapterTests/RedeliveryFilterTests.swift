import Foundation
import Testing

@testable import MQTT

/// A QoS 2 request or answer handed over twice is delivered once; nothing else is filtered.
@Suite("MQTT redelivery filter")
struct RedeliveryFilterTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func request(_ id: String, qos: MQTTQoS = .exactlyOnce, correlation: Bool = true) -> MQTTMessage {
        MQTTMessage(
            topic: "pb/demo/executor/request/history", payload: Array(#"{"id":"\#(id)"}"#.utf8), qos: qos,
            correlationData: correlation ? Array(id.utf8) : nil)
    }

    @Test("the same QoS 2 request within the window is a redelivery; another one, or the same after the window, is not")
    func repeats() {
        var filter = RedeliveryFilter(window: 60)
        let verdicts = [
            filter.isRedelivery(Self.request("a"), at: Self.t0),
            filter.isRedelivery(Self.request("a"), at: Self.t0.addingTimeInterval(5)),
            filter.isRedelivery(Self.request("b"), at: Self.t0.addingTimeInterval(5)),
            filter.isRedelivery(Self.request("a"), at: Self.t0.addingTimeInterval(61)),
        ]
        #expect(verdicts == [false, true, false, false])
    }

    @Test("QoS 1 messages and messages without correlation data (plain ON/OFF commands) always pass")
    func onlyCorrelatedQoS2() {
        var filter = RedeliveryFilter()
        var verdicts: [Bool] = []
        for _ in 0..<3 {
            verdicts.append(filter.isRedelivery(Self.request("a", qos: .atLeastOnce), at: Self.t0))
            verdicts.append(filter.isRedelivery(Self.request("on", correlation: false), at: Self.t0))
        }
        #expect(!verdicts.contains(true))
    }

    @Test("memory stays bounded: beyond the capacity the oldest are forgotten")
    func bounded() {
        var filter = RedeliveryFilter(window: 3_600, capacity: 100)
        for index in 0..<1_000 { _ = filter.isRedelivery(Self.request("r\(index)"), at: Self.t0) }
        let oldest = filter.isRedelivery(Self.request("r0"), at: Self.t0)
        let newest = filter.isRedelivery(Self.request("r999"), at: Self.t0)
        #expect(!oldest && newest)
    }
}
