/// A setting that is missing or wrong. Its `description` is the one line a service prints
/// before it stops at start, and it always names the setting.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Environment variable name of the setting, e.g. `PROXBALANCE_PVE_URL`.
    public let setting: String
    public let problem: String

    public init(setting: String, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "configuration error: \(setting): \(problem)" }
}
