import Contract
import ExecutorSvc
import Foundation
import TestSupport
import Testing

@Suite("Automation settings")
struct AutomationSettingsTests {
    func apply(_ json: String, to settings: AutomationSettings = AutomationSettings()) throws(ReplyError) -> AutomationSettings {
        try settings.applying(Data(json.utf8))
    }

    func refusal(_ json: String) -> ReplyError? {
        replyError { () throws(ReplyError) in try apply(json) }
    }

    @Test("defaults are the safe ones and an empty object decodes to them")
    func defaults() throws {
        let settings = try MessageCoding.decode(AutomationSettings.self, from: Data("{}".utf8))
        #expect(settings == AutomationSettings())
        #expect(!settings.enabled)
        #expect(settings.dryRun)
        #expect(settings.maxMigrationsPerRun == 3 && settings.maxConcurrent == 1 && settings.cooldownMinutes == 30)
        #expect(settings.observationPeriods == 3 && settings.minConfidence == 75 && settings.rollbackWindowHours == 24)
        let json = String(decoding: try MessageCoding.encode(settings), as: UTF8.self)
        for key in ["\"require_auto_migrate_ok_tag\":false", "\"check_interval_seconds\":300", "\"migration_windows\":[]", "\"dry_run\":true"] {
            #expect(json.contains(key), "missing \(key) in \(json)")
        }
    }

    @Test("a partial update changes only the keys it has; the request id is ignored")
    func partialUpdate() throws {
        let updated = try apply(
            #"{"id":"req-1","dry_run":false,"max_concurrent":2,"require_auto_migrate_ok_tag":true,"min_confidence":80.5,"timezone":"Europe/Berlin","migration_windows":[{"name":"nights","days":["monday"],"start":"22:00","end":"06:00"}]}"#
        )
        var expected = AutomationSettings()
        expected.dryRun = false
        expected.maxConcurrent = 2
        expected.requireAutoMigrateOKTag = true
        expected.minConfidence = 80.5
        expected.timezone = "Europe/Berlin"
        expected.migrationWindows = [ScheduleWindow(name: "nights", days: ["monday"], start: "22:00", end: "06:00")]
        #expect(updated == expected)
        #expect(try apply("{}", to: expected) == expected)
    }

    @Test("unknown keys, wrong types and values out of range are refused, naming the key and the range")
    func refusals() {
        #expect(refusal(#"{"enabled":true,"turbo":1}"#) == .invalid("turbo: unknown key"))
        #expect(refusal(#"{"max_concurrent":0}"#) == .invalid("max_concurrent: must be an integer from 1 to 10, got 0"))
        #expect(refusal(#"{"cooldown_minutes":10081}"#) == .invalid("cooldown_minutes: must be an integer from 0 to 10080, got 10081"))
        #expect(
            refusal(#"{"max_migrations_per_run":"3"}"#) == .invalid(#"max_migrations_per_run: must be an integer from 1 to 50, got "3" (a string)"#))
        #expect(refusal(#"{"observation_periods":2.5}"#) == .invalid("observation_periods: must be an integer from 1 to 50, got 2.5"))
        #expect(refusal(#"{"dry_run":"no"}"#) == .invalid(#"dry_run: must be true or false, got "no" (a string)"#))
        #expect(refusal(#"{"min_confidence":101}"#) == .invalid("min_confidence: must be from 0 to 100, got 101"))
        #expect(refusal(#"{"timezone":"Mars/Olympus"}"#)?.message.contains("unknown time zone 'Mars/Olympus'") == true)
    }

    @Test("a payload that is not a JSON object is malformed")
    func malformed() {
        #expect(refusal("[1,2]")?.code == "malformed")
        #expect(refusal("not json")?.code == "malformed")
    }

    @Test("bad windows are refused, naming the window's key")
    func badWindows() {
        let time = refusal(#"{"migration_windows":[{"name":"nights","start":"25:00","end":"06:00"}]}"#)
        #expect(time == .invalid("migration_windows[0].start: '25:00' is not a time (HH:MM, 00:00–23:59)"))
        let day = refusal(#"{"blackout_windows":[{"name":"backups","days":["funday"],"start":"01:00","end":"03:00"}]}"#)
        #expect(day == .invalid("blackout_windows[0].days: unknown day 'funday' (monday … sunday)"))
        let zone = refusal(#"{"migration_windows":[{"name":"nights","start":"22:00","end":"06:00","timezone":"Europe/Atlantis"}]}"#)
        #expect(zone?.message.hasPrefix("migration_windows[0].timezone: unknown time zone 'Europe/Atlantis'") == true)
        let shape = refusal(#"{"migration_windows":[{"start":"22:00"}]}"#)
        #expect(shape?.code == "invalid")
        #expect(shape?.message.hasPrefix("migration_windows") == true)
    }

    @Test(
        "misspelt keys are refused naming them with a suggestion; numbers, windows and strings are bounded",
        arguments: [
            (#"{"dry_runn":false}"#, "dry_runn: unknown key (did you mean 'dry_run'?)"),
            (#"{"min_confidence":1e300}"#, "min_confidence: must be from 0 to 100, got 1e+300"),
            (#"{"check_interval_seconds":1e300}"#, "check_interval_seconds: must be an integer from 10 to 86400, got 1e+300"),
            (
                #"{"migration_windows":[{"name":"n","strat":"22:00","start":"22:00","end":"06:00"}]}"#,
                "migration_windows[0].strat: unknown key (did you mean 'start'?)"
            ),
            (#"{"blackout_windows":[{"name":"b","start":"01:00"}]}"#, "blackout_windows[0].end: required field is missing"),
            (
                #"{"migration_windows":[{"name":"n","start":"22:00","end":"06:00","enabled":"yes"}]}"#,
                "migration_windows[0].enabled: expected true or false"
            ),
            (#"{"migration_windows":{"name":"n"}}"#, "migration_windows: must be a list of windows"),
            (#"{"timezone":"\#(String(repeating: "Z", count: 3000))"}"#, "timezone: must be 1–64 characters, got 3000 characters"),
        ])
    func boundedAndNamed(json: String, message: String) throws {
        let error = try #require(refusal(json))
        #expect(error.code == "invalid")
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test("at most 20 windows of each kind, each named 1–64 characters")
    func windowLimits() throws {
        let window = #"{"name":"w","start":"01:00","end":"02:00"}"#
        let many = "[" + Array(repeating: window, count: 21).joined(separator: ",") + "]"
        #expect(refusal(#"{"blackout_windows":\#(many)}"#) == .invalid("blackout_windows: at most 20 items, got 21"))
        let long = String(repeating: "n", count: 65)
        let named = try #require(refusal(#"{"migration_windows":[{"name":"\#(long)","start":"01:00","end":"02:00"}]}"#))
        #expect(named.message.hasPrefix("migration_windows[0].name: must be 1–64 characters"))
    }
}
