import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@Suite("Service: settings merge and validation")
struct ServiceSettingsUpdateTests {
    func apply(_ json: String, to settings: ScoringSettings = ScoringSettings()) throws(ReplyError) -> ScoringSettings {
        try SettingsUpdate.apply(Data(json.utf8), to: settings)
    }

    func refusal(_ json: String) -> ReplyError? {
        replyError { () throws(ReplyError) in try apply(json) }
    }

    @Test("a top-level key changes only that key")
    func topLevel() throws {
        var expected = ScoringSettings()
        expected.maxMovesPerPlan = 5
        expected.expertOverrides = ["max_moves_per_plan"]
        #expect(try apply(#"{"max_moves_per_plan": 5}"#) == expected)
    }

    @Test("nested objects merge key by key; the other penalties keep their values")
    func nested() throws {
        var current = ScoringSettings()
        current.penalties.memThreshold = 80
        let updated = try apply(#"{"penalties": {"cpu_threshold": 50, "seasonal_baseline": {"enabled": true}}}"#, to: current)
        #expect(updated.penalties.cpuThreshold == 50)
        #expect(updated.penalties.memThreshold == 80)
        #expect(updated.penalties.seasonalBaseline.enabled)
        #expect(updated.penalties.seasonalBaseline.sigmaThreshold == current.penalties.seasonalBaseline.sigmaThreshold)
        #expect(updated.distribution == current.distribution)
    }

    @Test(
        "keys with digits work in both spellings",
        arguments: [
            #"{"penalties": {"weight_24h": 0.2, "weight_current": 0.6}}"#, #"{"penalties": {"weight24h": 0.2, "weight_current": 0.6}}"#,
        ])
    func digitKeys(json: String) throws {
        let updated = try apply(json)
        #expect(updated.penalties.weight24h == 0.2)
        #expect(updated.penalties.weightCurrent == 0.6)
        #expect(try apply(#"{"penalties": {"cpu_threshold_offset_1": 5}}"#).penalties.cpuThresholdOffset1 == 5)
    }

    @Test("an id is accepted (it is echoed in the reply) and an empty update changes nothing")
    func idAndEmpty() throws {
        #expect(try apply(#"{"id": "s1"}"#) == ScoringSettings())
        #expect(try apply("{}") == ScoringSettings())
    }

    @Test(
        "bad values are refused as invalid naming the field",
        arguments: [
            (#"{"penalties": {"cpu_threshold": 150}}"#, "penalties.cpu_threshold"),
            (#"{"max_moves_per_plan": 0}"#, "max_moves_per_plan"),
            (#"{"max_moves_per_plan": "five"}"#, "max_moves_per_plan"),
            (#"{"penalties": {"weight_24h": 0.5}}"#, "penalties.weight_current"),
            (#"{"penalties": 3}"#, "penalties"),
            (#"{"max_moves_per_plan": 2.5}"#, "max_moves_per_plan"),
        ])
    func invalid(json: String, field: String) throws {
        let error = try #require(refusal(json))
        #expect(error.code == "invalid")
        #expect(error.message.contains(field), "\(error.message)")
    }

    @Test(
        "unknown keys are refused naming the key",
        arguments: [
            (#"{"max_moves": 3}"#, "max_moves"), (#"{"penalties": {"cpu_treshold": 50}}"#, "penalties.cpu_treshold"),
        ])
    func unknownKeys(json: String, key: String) throws {
        let error = try #require(refusal(json))
        #expect(error.code == "invalid")
        #expect(error.message.hasPrefix(key))
    }

    @Test("a payload that is not a JSON object is malformed", arguments: ["", "not json", "[1, 2]", "5"])
    func malformed(json: String) throws {
        #expect(try #require(refusal(json)).code == "malformed")
    }

    @Test("stored settings are laid over the defaults: unknown and wrong keys dropped")
    func restore() throws {
        var expected = ScoringSettings()
        expected.maxMovesPerPlan = 7
        let restored = try SettingsUpdate.restore(Data(#"{"max_moves_per_plan": 7, "gone_setting": 1, "penalties": {"cpu_high": "x"}}"#.utf8))
        #expect(restored == expected)
        var full = ScoringSettings()
        full.penalties.weight24h = 0.25
        full.penalties.weight7d = 0.25
        #expect(try SettingsUpdate.restore(MessageCoding.encode(full)) == full)
    }
}
