import ExecutorPolicy
import ExecutorSvc
import Testing

@Suite("Automation policy: the confidence bar by risk")
struct ConfidenceBarTests {
    @Test(
        "bands and bars at each boundary, minimum 75",
        arguments: [
            (0.0, ConfidenceBar.Band.low, 65.0 as Double?), (25, .low, 65), (25.01, .moderate, 75), (50, .moderate, 75),
            (50.01, .high, 90), (75, .high, 90), (75.01, .veryHigh, nil), (100, .veryHigh, nil),
        ])
    func boundaries(_ risk: Double, _ band: ConfidenceBar.Band, _ needed: Double?) {
        #expect(ConfidenceBar.forRisk(risk, minConfidence: 75, riskGate: true) == ConfidenceBar(band: band, needed: needed))
    }

    @Test("the low-risk bar is 10 under the minimum, at least 50, never above the minimum; the high-risk bar never under it")
    func followsTheMinimum() {
        #expect(ConfidenceBar.forRisk(10, minConfidence: 85, riskGate: true).needed == 75)
        #expect(ConfidenceBar.forRisk(10, minConfidence: 55, riskGate: true).needed == 50)
        #expect(ConfidenceBar.forRisk(10, minConfidence: 40, riskGate: true).needed == 40)
        #expect(ConfidenceBar.forRisk(60, minConfidence: 60, riskGate: true).needed == 90)
        #expect(ConfidenceBar.forRisk(60, minConfidence: 95, riskGate: true).needed == 95)
    }

    @Test("without the risk gate every band up to 75 needs the minimum; above 75 none passes")
    func gateOff() {
        for risk in [0.0, 25, 40, 60, 75] {
            #expect(ConfidenceBar.forRisk(risk, minConfidence: 75, riskGate: false).needed == 75)
        }
        #expect(!ConfidenceBar.forRisk(80, minConfidence: 0, riskGate: false).passes(100))
    }

    @Test("a bar is met at or above it")
    func passes() {
        let bar = ConfidenceBar.forRisk(60, minConfidence: 75, riskGate: true)
        #expect(bar.passes(90))
        #expect(!bar.passes(89.99))
    }
}
