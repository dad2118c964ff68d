/// One change to the console's state, as sent to every open page: the part that changed and
/// its new value (`null` when a retained state was cleared).
public struct ConsoleUpdate: Sendable, Equatable {
    /// The cluster, or `nil` for a bus-wide part.
    public var cluster: String?
    /// The changed key: `snapshot`, `settings.scoring`, `availability.executor`,
    /// `migrations.<id>`, `events`, `services.<service>`, `notifier_settings`, ….
    public var part: String
    /// The new value; for `events`, the one new event.
    public var value: RawJSON

    public init(cluster: String?, part: String, value: RawJSON) {
        self.cluster = cluster
        self.part = part
        self.value = value
    }

    /// `{"cluster": …, "part": …, "value": …}`.
    public func json() -> [UInt8] {
        var members: [(String, [UInt8])] = []
        if let cluster { members.append(("cluster", JSONText.quoted(cluster))) }
        members.append(("part", JSONText.quoted(part)))
        members.append(("value", value.bytes))
        return JSONText.object(members)
    }
}
