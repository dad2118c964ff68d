import Contract

/// What a browser asks the console to send on the bus, and who may ask for it.
public enum ConsoleCall: Sendable, Equatable {
    /// `{b}/<service>/request/<op>`.
    case request(service: ServiceName, op: String)
    /// `{b}/<service>/settings/set`.
    case settings(service: ServiceName)
    /// `{b}/nodes/<node>/maintenance/set`.
    case maintenance(node: String)

    /// The requests the console forwards, by service; the rest are refused before the bus.
    public static let operations: [ServiceName: Set<String>] = [
        .scoring: ["migration_options", "why", "recommendations", "export", "history", "score_history"],
        .executor: ["migrate", "evacuate", "rollback", "cancel", "validate", "run_automation", "history", "task_log"],
        .notifier: ["test", "status"],
    ]

    /// Requests that only read: a viewer may send them.
    static let reads: Set<String> = [
        "scoring/migration_options", "scoring/why", "scoring/recommendations", "scoring/export", "scoring/history",
        "scoring/score_history", "executor/validate",
        "executor/history", "executor/task_log", "notifier/status",
    ]

    /// The call a request path names, or `nil` for a service or operation the console does not
    /// forward.
    public static func request(service: String, op: String) -> ConsoleCall? {
        guard let name = ServiceName(rawValue: service), operations[name]?.contains(op) == true else { return nil }
        return .request(service: name, op: op)
    }

    /// The call a settings path names, or `nil` for a service without bus settings.
    public static func settings(service: String) -> ConsoleCall? {
        guard let name = ServiceName(rawValue: service), [.scoring, .executor, .notifier].contains(name) else { return nil }
        return .settings(service: name)
    }

    /// Whether `role` may make this call.
    public func isAllowed(for role: Role) -> Bool {
        switch (role, self) {
        case (.operator, _): true
        case (.viewer, .request(let service, let op)): Self.reads.contains("\(service.rawValue)/\(op)")
        case (.viewer, _): false
        }
    }

    /// The operation name used in the response topic and logs.
    public var name: String {
        switch self {
        case .request(let service, let op): "\(service.rawValue).\(op)"
        case .settings(let service): "\(service.rawValue).settings"
        case .maintenance: "scoring.maintenance"
        }
    }

    /// The service that answers.
    public var service: ServiceName {
        switch self {
        case .request(let service, _), .settings(let service): service
        case .maintenance: .scoring
        }
    }

    /// The topic under the service's root (`{b}` or, for the bus-wide notifier, `<base>`).
    public var topicSuffix: String {
        switch self {
        case .request(let service, let op): "\(service.rawValue)/request/\(op)"
        case .settings(let service): "\(service.rawValue)/settings/set"
        case .maintenance(let node): "nodes/\(node)/maintenance/set"
        }
    }
}
