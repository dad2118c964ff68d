import Foundation

/// The live state the console shows: the last payload of every topic it follows, per
/// cluster, merged from bus messages. A plain value; `apply` is the whole merge rule.
public struct ConsoleState: Sendable, Equatable {
    /// How many events of each cluster are kept (the newest).
    public static let eventLimit = 200

    /// Clusters by id.
    public var clusters: [String: ClusterView] = [:]
    /// Availability of the services serving every cluster, by service name.
    public var services: [String: String] = [:]
    /// The bus-wide notifier's published settings.
    public var notifierSettings: RawJSON?
    /// Start-up events of services that did not know their cluster yet (newest last).
    public var busEvents: [RawJSON] = []

    public init() {}

    /// Merges one bus message into the state and tells what changed; `nil` when nothing did (a
    /// topic the console does not show, a payload that is not JSON where JSON belongs, the same
    /// payload again). An empty payload clears a retained part.
    public mutating func apply(topic: String, payload: [UInt8], base: String) -> ConsoleUpdate? {
        guard let part = ConsolePart(topic: topic, base: base) else { return nil }
        switch part {
        case .busAvailability(let service):
            let state = String(decoding: payload, as: UTF8.self)
            guard services[service] != state else { return nil }
            services[service] = state.isEmpty ? nil : state
            return ConsoleUpdate(cluster: nil, part: "services.\(service)", value: state.isEmpty ? .null : RawJSON(string: state))
        case .busNotifierSettings:
            let value = payload.isEmpty ? nil : RawJSON(validating: payload)
            guard payload.isEmpty || value != nil, notifierSettings != value else { return nil }
            notifierSettings = value
            return ConsoleUpdate(cluster: nil, part: "notifier_settings", value: value ?? .null)
        case .busEvent:
            guard let event = RawJSON(validating: payload) else { return nil }
            busEvents = Self.appending(event, to: busEvents)
            return ConsoleUpdate(cluster: nil, part: "bus_events", value: event)
        case .cluster(let cluster, let clusterPart):
            return update(cluster, payload: payload, key: clusterPart.rawValue, at: \.parts[clusterPart])
        case .settings(let cluster, let service):
            return update(cluster, payload: payload, key: "settings.\(service)", at: \.settings[service])
        case .migration(let cluster, let id):
            return update(cluster, payload: payload, key: "migrations.\(id)", at: \.migrations[id])
        case .availability(let cluster, let service):
            let state = String(decoding: payload, as: UTF8.self)
            guard clusters[cluster]?.availability[service] != state else { return nil }
            clusters[cluster, default: ClusterView()].availability[service] = state.isEmpty ? nil : state
            return ConsoleUpdate(
                cluster: cluster, part: "availability.\(service)", value: state.isEmpty ? .null : RawJSON(string: state))
        case .event(let cluster):
            guard let event = RawJSON(validating: payload) else { return nil }
            clusters[cluster, default: ClusterView()].events = Self.appending(event, to: clusters[cluster]?.events ?? [])
            return ConsoleUpdate(cluster: cluster, part: "events", value: event)
        }
    }

    /// Sets (or, for an empty payload, clears) one retained JSON part of `cluster`.
    private mutating func update(
        _ cluster: String, payload: [UInt8], key: String, at path: WritableKeyPath<ClusterView, RawJSON?>
    ) -> ConsoleUpdate? {
        let value = payload.isEmpty ? nil : RawJSON(validating: payload)
        guard payload.isEmpty || value != nil else { return nil }
        if value == nil, clusters[cluster] == nil { return nil }
        guard clusters[cluster]?[keyPath: path] != value else { return nil }
        clusters[cluster, default: ClusterView()][keyPath: path] = value
        return ConsoleUpdate(cluster: cluster, part: key, value: value ?? .null)
    }

    private static func appending(_ event: RawJSON, to events: [RawJSON]) -> [RawJSON] {
        Array((events + [event]).suffix(eventLimit))
    }

    /// The whole state as JSON (`docs/web-console.md`, "ConsoleState"), with the reader's
    /// session and the time it was taken: `readerPrefix` followed by `sharedTail`.
    public func json(now: Date, brokerConnected: Bool, user: String?, role: String?) -> [UInt8] {
        Self.readerPrefix(now: now, brokerConnected: brokerConnected, user: user, role: role) + sharedTail()
    }

    /// The start of the state's JSON object with what differs per reader and request: `{"v":1,
    /// "server_time":…,"broker_connected":…,"user":…,"role":…,` (ends with a comma).
    public static func readerPrefix(now: Date, brokerConnected: Bool, user: String?, role: String?) -> [UInt8] {
        var members: [(String, [UInt8])] = [
            ("v", Array("1".utf8)),
            ("server_time", JSONText.quoted(ISO8601DateFormatter().string(from: now))),
            ("broker_connected", RawJSON.bool(brokerConnected).bytes),
        ]
        if let user { members.append(("user", JSONText.quoted(user))) }
        if let role { members.append(("role", JSONText.quoted(role))) }
        var prefix = JSONText.object(members)
        prefix[prefix.count - 1] = UInt8(ascii: ",")
        return prefix
    }

    /// The rest of the state's JSON object, the same for every reader until the state changes
    /// (so it is built once and sent to every page): services, notifier settings, bus events,
    /// clusters, and the closing brace. Line breaks (whitespace between tokens in a payload)
    /// become spaces, so the text fits one Server-Sent Events `data:` line.
    public func sharedTail() -> [UInt8] {
        var members: [(String, [UInt8])] = []
        members.append(("services", JSONText.object(services.sorted { $0.key < $1.key }.map { ($0.key, JSONText.quoted($0.value)) })))
        if let notifierSettings { members.append(("notifier_settings", notifierSettings.bytes)) }
        members.append(("bus_events", JSONText.array(busEvents.map(\.bytes))))
        members.append(("clusters", JSONText.object(clusters.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json()) })))
        var tail = JSONText.object(members)
        tail.removeFirst()
        for index in tail.indices where tail[index] == 0x0A || tail[index] == 0x0D { tail[index] = 0x20 }
        return tail
    }
}
