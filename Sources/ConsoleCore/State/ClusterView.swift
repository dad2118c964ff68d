/// What the console knows of one cluster: the last payload of each of its topics.
public struct ClusterView: Sendable, Equatable {
    /// The retained state topics (snapshot, scores, …) by part.
    public var parts: [ConsolePart.ClusterPart: RawJSON] = [:]
    /// Each service's published settings, by service name.
    public var settings: [String: RawJSON] = [:]
    /// Each service's availability (`online` / `offline`), by service name.
    public var availability: [String: String] = [:]
    /// Migrations by id, as their retained state says.
    public var migrations: [String: RawJSON] = [:]
    /// The latest events, oldest first, at most `ConsoleState.eventLimit`.
    public var events: [RawJSON] = []

    public init() {}

    /// The view as JSON, in the shape `docs/web-console.md` gives.
    func json() -> [UInt8] {
        var members: [(String, [UInt8])] = ConsolePart.ClusterPart.allCases.compactMap { part in
            parts[part].map { (part.rawValue, $0.bytes) }
        }
        members.append(("settings", JSONText.object(settings.sorted { $0.key < $1.key }.map { ($0.key, $0.value.bytes) })))
        members.append(
            ("availability", JSONText.object(availability.sorted { $0.key < $1.key }.map { ($0.key, JSONText.quoted($0.value)) })))
        members.append(("migrations", JSONText.object(migrations.sorted { $0.key < $1.key }.map { ($0.key, $0.value.bytes) })))
        members.append(("events", JSONText.array(events.map(\.bytes))))
        return JSONText.object(members)
    }
}
