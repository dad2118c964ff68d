import Synchronization

/// The settings in force, shared by the service and the delivery workers.
public final class SettingsBox: Sendable {
    private let value: Mutex<NotifierSettings>

    public init(_ settings: NotifierSettings) {
        value = Mutex(settings)
    }

    /// The current settings.
    public var current: NotifierSettings { value.withLock { $0 } }

    /// Replaces the settings.
    public func set(_ settings: NotifierSettings) { value.withLock { $0 = settings } }

    /// Changes the settings in place and returns the result.
    @discardableResult
    public func update(_ change: (inout NotifierSettings) -> Void) -> NotifierSettings {
        value.withLock { settings in
            change(&settings)
            return settings
        }
    }
}
