import Contract

/// A setting that a program neither reads nor takes as another program's: most likely a
/// misspelling, which the program reports at start (and otherwise ignores).
public struct UnknownSetting: Sendable, Equatable, CustomStringConvertible {
    /// The setting as written: an environment variable, or a dotted key of the configuration file.
    public let name: String
    /// The configuration file that sets it; `nil` for an environment variable.
    public let file: String?
    /// The closest known setting, written the same way, when one is close.
    public let suggestion: String?

    public init(name: String, file: String?, suggestion: String?) {
        self.name = name
        self.file = file
        self.suggestion = suggestion
    }

    /// Where the setting is: `PROXBALANCE_MQTT_ULR`, or `'mqtt.ulr' in /etc/proxbalance/config.json`.
    public var place: String {
        file.map { "'\(name)' in \($0)" } ?? name
    }

    /// `unknown setting PROXBALANCE_COLECTOR_INTERVAL_SECONDS, ignored (did you mean PROXBALANCE_COLLECTOR_INTERVAL_SECONDS?)`.
    public var description: String {
        let hint = suggestion.map { file == nil ? " (did you mean \($0)?)" : " (did you mean '\($0)'?)" } ?? ""
        return "unknown setting \(place), ignored\(hint)"
    }

    /// The environment name of `suggestion`, as `ConfigurationError` names settings.
    public var suggestedSetting: String? {
        file == nil ? suggestion : suggestion.map(ConfigSource.environmentName)
    }

    /// The settings in `source` unknown to the program whose own settings are in `section`
    /// (`collector`, `sim`): neither read from `source` so far, nor shared
    /// (`KnownSettings.shared`), nor in another program's section (`KnownSettings.sections`).
    /// Environment variables first, each group sorted by name.
    public static func find(in source: ConfigSource, section: String) -> [UnknownSetting] {
        let known = source.keysRead.union(KnownSettings.shared)
        let others = KnownSettings.sections.filter { $0 != section }
        let fromEnvironment = unknown(
            source.environmentNames.map { String($0.dropFirst(ConfigSource.prefix.count)) },
            known: known.map { String(ConfigSource.environmentName($0).dropFirst(ConfigSource.prefix.count)) },
            sections: others.map { $0.uppercased() }, separator: "_"
        ).map { UnknownSetting(name: ConfigSource.prefix + $0.name, file: nil, suggestion: $0.suggestion.map { ConfigSource.prefix + $0 }) }
        let fromFile = unknown(Array(source.fileKeys), known: Array(known), sections: others, separator: ".").map {
            UnknownSetting(name: $0.name, file: source.filePath ?? "the configuration file", suggestion: $0.suggestion)
        }
        return fromEnvironment + fromFile
    }

    /// The `names` neither in `known` nor in one of `sections`, sorted, each with the closest of
    /// `known`, or of itself moved to another section (`COLECTOR_X` → `COLLECTOR_X`).
    private static func unknown(
        _ names: [String], known: [String], sections: [String], separator: Character
    ) -> [(name: String, suggestion: String?)] {
        let knownSet = Set(known)
        return names.sorted().compactMap { name in
            guard !knownSet.contains(name), !sections.contains(where: { name.hasPrefix($0 + String(separator)) }) else { return nil }
            let moved = name.firstIndex(of: separator).map { split in sections.map { $0 + name[split...] } } ?? []
            return (name, JSONKey.closest(to: name, among: known + moved))
        }
    }
}
