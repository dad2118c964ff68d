import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Testing

@Suite("Automation windows")
struct AutomationScheduleTests {
    typealias F = AutomationFixtures
    let utc = TimeZone(identifier: "UTC")!
    let mondayNight = ScheduleWindow(name: "nights", days: ["monday"], start: "22:00", end: "02:00")

    @Test(
        "a window across midnight belongs to the day it starts",
        arguments: [
            ("2026-11-30T23:30:00Z", true),  // Monday 23:30
            ("2026-12-01T01:30:00Z", true),  // Tuesday 01:30, still Monday's window
            ("2026-12-01T03:00:00Z", false),  // Tuesday 03:00
            ("2026-11-30T01:30:00Z", false),  // Monday 01:30 belongs to Sunday's night
            ("2026-12-01T22:30:00Z", false),  // Tuesday 22:30: not a window day
            ("2026-11-30T21:59:00Z", false),
        ])
    func acrossMidnight(_ instant: String, _ inside: Bool) {
        #expect(mondayNight.contains(F.utc(instant), defaultTimeZone: utc) == inside)
    }

    @Test("a window is read in its own time zone, or in the settings' one")
    func timeZones() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let instant = F.utc("2026-11-30T21:30:00Z")  // 22:30 in Berlin (CET, UTC+1)
        var window = ScheduleWindow(name: "nights", start: "22:00", end: "06:00")
        #expect(window.contains(instant, defaultTimeZone: berlin))
        #expect(!window.contains(instant, defaultTimeZone: utc))
        window.timezone = "Europe/Berlin"
        #expect(window.contains(instant, defaultTimeZone: utc))
        // 05:30 UTC is 06:30 in Berlin: the Berlin window has closed, a UTC one has not.
        #expect(!window.contains(F.utc("2026-12-01T05:30:00Z"), defaultTimeZone: utc))
        window.timezone = nil
        #expect(window.contains(F.utc("2026-12-01T05:30:00Z"), defaultTimeZone: utc))
    }

    @Test("a window follows daylight saving time in its zone")
    func daylightSaving() {
        let window = ScheduleWindow(name: "nights", start: "22:00", end: "06:00", timezone: "Europe/Berlin")
        #expect(window.contains(F.utc("2026-07-06T20:30:00Z"), defaultTimeZone: utc))  // 22:30 CEST
        #expect(!window.contains(F.utc("2026-12-07T20:30:00Z"), defaultTimeZone: utc))  // 21:30 CET
    }

    @Test("start equal to end is the whole day; no days is every day")
    func wholeDay() {
        let sundays = ScheduleWindow(name: "sundays", days: ["sunday"], start: "00:00", end: "00:00")
        #expect(sundays.contains(F.utc("2026-11-29T00:00:00Z"), defaultTimeZone: utc))
        #expect(sundays.contains(F.utc("2026-11-29T23:59:00Z"), defaultTimeZone: utc))
        #expect(!sundays.contains(F.utc("2026-11-30T00:00:00Z"), defaultTimeZone: utc))
        let daily = ScheduleWindow(name: "lunch", start: "12:00", end: "13:00")
        #expect(daily.contains(F.utc("2026-12-03T12:59:00Z"), defaultTimeZone: utc))
        #expect(!daily.contains(F.utc("2026-12-03T13:00:00Z"), defaultTimeZone: utc))
    }

    @Test("the check says which window is open, in its time zone")
    func insideDetail() {
        var settings = AutomationSettings()
        settings.timezone = "Europe/Berlin"
        settings.migrationWindows = [ScheduleWindow(name: "nights", start: "22:00", end: "06:00")]
        let verdict = ScheduleCheck.evaluate(settings, at: F.utc("2026-11-30T21:30:00Z"))
        #expect(verdict.outcome == .allowed)
        #expect(verdict.check == SafetyCheck(ok: true, detail: "inside window 'nights' (22:00–06:00 Europe/Berlin)"))
    }

    @Test("outside every window, the check names the next opening")
    func nextOpening() {
        var settings = AutomationSettings()
        settings.migrationWindows = [
            ScheduleWindow(name: "weekend", days: ["saturday"], start: "08:00", end: "20:00"),
            ScheduleWindow(name: "nights", days: ["tuesday"], start: "22:00", end: "02:00", timezone: "Europe/Berlin"),
        ]
        let verdict = ScheduleCheck.evaluate(settings, at: F.now)
        #expect(verdict.outcome == .outsideWindow)
        #expect(verdict.check.detail == "outside every migration window; next: 'nights' Tue 22:00 Europe/Berlin")
    }

    @Test("a blackout wins over an open window; disabled windows are ignored")
    func blackoutAndDisabled() {
        var settings = AutomationSettings()
        settings.migrationWindows = [ScheduleWindow(name: "day", start: "08:00", end: "18:00")]
        settings.blackoutWindows = [ScheduleWindow(name: "backups", days: ["monday"], start: "10:00", end: "11:00")]
        #expect(ScheduleCheck.evaluate(settings, at: F.now).outcome == .blackout)
        settings.blackoutWindows[0].enabled = false
        #expect(ScheduleCheck.evaluate(settings, at: F.now).outcome == .allowed)
        settings.migrationWindows = [ScheduleWindow(name: "nights", enabled: false, start: "22:00", end: "06:00")]
        let verdict = ScheduleCheck.evaluate(settings, at: F.now)
        #expect(verdict.outcome == .allowed)
        #expect(verdict.check.detail == "no migration window set: moves are allowed at any time")
    }
}
