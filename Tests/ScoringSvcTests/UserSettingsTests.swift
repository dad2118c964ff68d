import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@Suite("Settings: user settings and presets")
struct UserSettingsTests {
    func apply(_ json: String, to settings: ScoringSettings = ScoringSettings()) throws(ReplyError) -> ScoringSettings {
        try SettingsUpdate.apply(Data(json.utf8), to: settings)
    }

    @Test("the defaults are the balanced preset with medium trend weight: resolving them changes nothing")
    func defaultsAreBalanced() {
        #expect(UserSettings.resolved(ScoringSettings()) == ScoringSettings())
    }

    @Test("each sensitivity sets thresholds, improvement minimum, plan size and current-load penalties")
    func sensitivity() throws {
        let conservative = try apply(#"{"sensitivity": "conservative"}"#)
        #expect(conservative.penalties.cpuThreshold == 70 && conservative.penalties.memThreshold == 80)
        #expect(conservative.penalties.minScoreImprovement == 25 && conservative.maxMovesPerPlan == 5)
        #expect(conservative.penalties.cpuHigh == 15 && conservative.penalties.cpuExtreme == 75)
        let aggressive = try apply(#"{"sensitivity": "aggressive"}"#)
        #expect(aggressive.penalties.cpuThreshold == 50 && aggressive.penalties.iowaitThreshold == 20)
        #expect(aggressive.penalties.minScoreImprovement == 8 && aggressive.maxMovesPerPlan == 50)
        #expect(aggressive.penalties.cpuHigh == 30 && aggressive.penalties.memExtreme == 75)
        #expect(aggressive.expertOverrides.isEmpty)
        #expect(try apply(#"{"sensitivity": "balanced"}"#, to: aggressive) == ScoringSettings())
    }

    @Test("trend weight sets the time weights and the rising-trend penalty")
    func trendWeight() throws {
        let high = try apply(#"{"trend_weight": "high"}"#)
        #expect(high.penalties.weightCurrent == 0.3 && high.penalties.weight24h == 0.4 && high.penalties.weight7d == 0.3)
        #expect(high.penalties.cpuTrendRisingPenalty == 25)
        let low = try apply(#"{"trend_weight": "low"}"#)
        #expect(low.penalties.weightCurrent == 0.7 && low.penalties.cpuTrendRisingPenalty == 8)
    }

    @Test("protecting running workloads raises the improvement minimum by 10 and caps the plan at 5 moves")
    func protect() throws {
        let settings = try apply(#"{"protect_running_workloads": true, "sensitivity": "aggressive"}"#)
        #expect(settings.penalties.minScoreImprovement == 18)
        #expect(settings.maxMovesPerPlan == 5)
        #expect(try apply(#"{"protect_running_workloads": false}"#, to: settings).maxMovesPerPlan == 50)
    }

    @Test("an expert key set explicitly wins over the preset, in either spelling, until overrides are cleared")
    func overridesWin() throws {
        let expert = try apply(#"{"penalties": {"cpu_threshold": 55, "weight24h": 0.25, "weight_current": 0.55}}"#)
        #expect(expert.expertOverrides.sorted() == ["penalties.cpu_threshold", "penalties.weight_24h", "penalties.weight_current"])
        let conservative = try apply(#"{"sensitivity": "conservative"}"#, to: expert)
        #expect(conservative.penalties.cpuThreshold == 55)
        #expect(conservative.penalties.memThreshold == 80)
        #expect(conservative.penalties.weight24h == 0.25 && conservative.penalties.weightCurrent == 0.55)
        #expect(conservative.penalties.weight7d == 0.2)
        let lowTrend = replyError { () throws(ReplyError) in try apply(#"{"trend_weight": "low"}"#, to: conservative) }
        #expect(lowTrend?.message.contains("must be 1 ± 0.01, got 0.9") == true, "the overrides with low's 0.1 sum to 0.9")
        let cleared = try apply(#"{"expert_overrides": []}"#, to: conservative)
        #expect(cleared.penalties.cpuThreshold == 70 && cleared.penalties.weight24h == 0.3)
        #expect(cleared.expertOverrides.isEmpty)
    }

    @Test("a value that differs from the preset without being listed (an older version's) stays, as an override")
    func implicitOverride() throws {
        var stored = ScoringSettings()
        stored.penalties.memThreshold = 82
        let updated = try apply(#"{"sensitivity": "aggressive"}"#, to: stored)
        #expect(updated.penalties.memThreshold == 82 && updated.penalties.cpuThreshold == 50)
        #expect(updated.expertOverrides == ["penalties.mem_threshold"])
    }

    @Test("reset returns to the defaults, with the rest of the update applied to them")
    func reset() throws {
        let changed = try apply(#"{"sensitivity": "aggressive", "min_confidence": 60, "penalties": {"cpu_threshold": 45}}"#)
        #expect(try apply(#"{"reset": true}"#, to: changed) == ScoringSettings())
        let resetAndSet = try apply(#"{"reset": true, "sensitivity": "conservative"}"#, to: changed)
        #expect(resetAndSet.penalties.cpuThreshold == 70 && resetAndSet.minConfidence == 0 && resetAndSet.expertOverrides.isEmpty)
    }

    @Test(
        "a bad user setting is refused naming the key and the value",
        arguments: [
            (#"{"sensitivity": "wild"}"#, "sensitivity", "wild"),
            (#"{"min_confidence": 150}"#, "min_confidence", "150"),
            (#"{"analysis_lookback_hours": 0}"#, "analysis_lookback_hours", "0"),
            (#"{"trend_weight": "extreme"}"#, "trend_weight", "extreme"),
            (#"{"expert_overrides": ["penalties.nope"]}"#, "expert_overrides[0]", "penalties.nope"),
            (#"{"reset": false}"#, "reset", "false"),
        ])
    func refusals(json: String, key: String, value: String) {
        let error = replyError { () throws(ReplyError) in try apply(json) }
        #expect(error?.code == "invalid")
        #expect(error?.message.hasPrefix(key + ":") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(value) == true, "\(error?.message ?? "")")
    }

    @Test("min_confidence leaves out the least sure move, numbers the rest again and says why in skipped")
    func minConfidence() throws {
        let snapshot = Lab.hotCluster()
        let full = Lab.plan(snapshot)
        let weakest = try #require(full.recommendations.min { $0.confidence < $1.confidence })
        #expect(full.recommendations.count >= 2)
        var settings = ScoringSettings()
        settings.minConfidence = weakest.confidence + 0.01
        let gated = Lab.plan(snapshot, settings: settings)
        #expect(gated.move(weakest.vmid) == nil)
        #expect(gated.recommendations.allSatisfy { $0.confidence >= settings.minConfidence })
        #expect(!gated.recommendations.isEmpty, "the moves that met it stay")
        #expect(gated.recommendations.map(\.step) == Array(1...max(1, gated.recommendations.count)))
        #expect(gated.skip(weakest.vmid)?.reason == .lowConfidence)
        #expect(gated.skip(weakest.vmid)?.detail.contains("min_confidence") == true)
        settings.minConfidence = 100
        let none = Lab.plan(snapshot, settings: settings)
        #expect(none.recommendations.allSatisfy { $0.confidence >= 100 })
        // The summary describes the moves recommended, not the ones refused: none, no change.
        if none.recommendations.isEmpty {
            #expect(none.summary.clusterHealthAfter == none.summary.clusterHealthBefore, "\(none.summary)")
            #expect(full.summary.clusterHealthAfter > full.summary.clusterHealthBefore)
            #expect(full.recommendations.allSatisfy { none.skip($0.vmid)?.reason == .lowConfidence })
        }
    }
}

@Suite("Settings: analysis lookback")
struct AnalysisLookbackTests {
    @Test("trends come only from the lookback: a rise three days ago is left out of a 24-hour lookback")
    func lookback() throws {
        let now = Lab.now
        // CPU rose from 20 to 80 % over the day three days ago, then stayed flat at 50 %.
        let old = (0..<24).map { NodeSample(node: "pve1", at: now.addingTimeInterval(Double($0 - 96) * 3600), cpuPct: 20 + Double($0) * 2.5) }
        let recent = (0..<24).map { NodeSample(node: "pve1", at: now.addingTimeInterval(Double($0 - 23) * 3600), cpuPct: 50) }
        let window = SampleWindow(["pve1": old + recent])
        let week = try #require(window.trends(since: now.addingTimeInterval(-168 * 3600))["pve1"])
        let day = try #require(window.trends(since: now.addingTimeInterval(-24 * 3600))["pve1"])
        #expect(week.samples == 48 && day.samples == 24)
        #expect(day.cpuSlopePctPerDay == 0)
        #expect(week.cpuSlopePctPerDay != 0)
        #expect(window.trends(since: now.addingTimeInterval(3600)).isEmpty)
    }
}
