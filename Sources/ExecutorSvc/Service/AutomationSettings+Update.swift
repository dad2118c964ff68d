import Contract
import ExecutorPolicy
import Foundation

extension AutomationSettings {
    /// How a settings update applies: windows are replaced as whole lists, each window's keys
    /// checked; values are checked in the settings' words, then `validate()`.
    static let patch = SettingsPatch<AutomationSettings>(
        example: #"{"dry_run": false}"#,
        keys: Dictionary(uniqueKeysWithValues: windowKeys.map { ("\($0)[]", ScheduleWindow.keys) }),
        check: { update throws(ReplyError) in try checkUpdate(update) },
        validate: { settings throws(ReplyError) in try settings.validate() })

    /// These settings with a partial update applied: only the keys present change. Refuses a
    /// payload that is not a JSON object (`malformed`), an unknown key (a close one suggested), a
    /// value of the wrong type or out of range, and an invalid window (`invalid`, naming the
    /// JSON key, e.g. `migration_windows[0].start`). An `id` key (every request carries one) is
    /// ignored.
    public func applying(_ update: Data) throws(ReplyError) -> AutomationSettings {
        try Self.patch.apply(update, to: self)
    }
}
