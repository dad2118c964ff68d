import Contract
import Foundation
import ServiceRuntime

/// The notifier's own settings (section `notifier` of the configuration file). Destinations
/// and delivery tuning live in `NotifierSettings`, changeable on the bus.
public struct NotifierConfiguration: Sendable {
    /// A JSON file with the destinations (`PROXBALANCE_NOTIFIER_DESTINATIONS_FILE`): either
    /// `{"destinations": […], "coalesce_window_seconds": …}` or just the destinations array.
    /// Applied at start when its content changed since it was last applied.
    public var destinationsFile: String?
    /// How long the broker keeps the notifier's session (and queues events) while it is down.
    public var sessionExpirySeconds: Int
    /// Days delivered and dead outbox items are kept.
    public var retentionDays: Double

    public init(destinationsFile: String? = nil, sessionExpirySeconds: Int = 86_400, retentionDays: Double = 7) {
        self.destinationsFile = destinationsFile
        self.sessionExpirySeconds = sessionExpirySeconds
        self.retentionDays = retentionDays
    }

    /// Reads and validates the `notifier.*` settings; the destinations file must be readable
    /// and valid.
    public init(source: ConfigSource) throws {
        self.init(
            destinationsFile: source.string("notifier.destinations_file"),
            sessionExpirySeconds: try source.int("notifier.session_expiry_seconds", default: 86_400, in: 60...604_800),
            retentionDays: try source.double("notifier.retention_days", default: 7, in: 1...90))
        if destinationsFile != nil { _ = try loadDestinationsFile() }
    }

    /// The settings in the destinations file and a hash of its content, or `nil` without a file.
    /// - Throws: `ConfigurationError` naming the problem.
    public func loadDestinationsFile() throws -> (settings: NotifierSettings, hash: String)? {
        guard let path = destinationsFile else { return nil }
        let setting = ConfigSource.environmentName("notifier.destinations_file")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: setting, problem: "cannot read \(path)")
        }
        var payload = data
        if case .array? = try? JSONDecoder().decode(JSONValue.self, from: data) {
            payload = Data("{\"destinations\":".utf8) + data + Data("}".utf8)
        }
        do {
            return (try NotifierSettingsUpdate.apply(payload, to: NotifierSettings()), Self.hash(data))
        } catch {
            throw ConfigurationError(setting: setting, problem: "\(path): \(error.message)")
        }
    }

    /// FNV-1a of `data`, as hex: enough to notice that a file changed.
    static func hash(_ data: Data) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(value, radix: 16)
    }
}
