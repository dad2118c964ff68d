/// What one readiness check found: its name and, when it failed, what is wrong.
public struct ReadinessResult: Sendable, Equatable, Codable {
    public let name: String
    /// What is wrong, in one sentence; `nil` when the check passed.
    public let problem: String?

    public init(name: String, problem: String?) {
        self.name = name
        self.problem = problem
    }

    /// Whether the check passed.
    public var ok: Bool { problem == nil }

    enum CodingKeys: String, CodingKey {
        case name, ok, problem
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        problem = try container.decodeIfPresent(String.self, forKey: .problem)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(ok, forKey: .ok)
        try container.encodeIfPresent(problem, forKey: .problem)
    }
}
