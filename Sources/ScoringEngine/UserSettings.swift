/// The user settings (`sensitivity`, `trend_weight`, `protect_running_workloads`) mapped onto the
/// expert values they stand for. Expert keys the user set explicitly (`expert_overrides`) keep
/// their value. Pure.
public enum UserSettings {
    /// The expert keys the user settings control, each with where its value goes.
    public static let expertKeys: [String: any WritableKeyPath<ScoringSettings, Double> & Sendable] = [
        "penalties.cpu_threshold": \.penalties.cpuThreshold, "penalties.mem_threshold": \.penalties.memThreshold,
        "penalties.iowait_threshold": \.penalties.iowaitThreshold,
        "penalties.source_mem_migration_floor": \.penalties.sourceMemMigrationFloor,
        "penalties.min_score_improvement": \.penalties.minScoreImprovement, "max_moves_per_plan": \.maxMovesAsDouble,
        "penalties.cpu_high": \.penalties.cpuHigh, "penalties.cpu_very_high": \.penalties.cpuVeryHigh,
        "penalties.cpu_extreme": \.penalties.cpuExtreme, "penalties.mem_high": \.penalties.memHigh,
        "penalties.mem_very_high": \.penalties.memVeryHigh, "penalties.mem_extreme": \.penalties.memExtreme,
        "penalties.weight_current": \.penalties.weightCurrent, "penalties.weight_24h": \.penalties.weight24h,
        "penalties.weight_7d": \.penalties.weight7d, "penalties.cpu_trend_rising_penalty": \.penalties.cpuTrendRisingPenalty,
    ]

    /// Points `protect_running_workloads` adds to `min_score_improvement`.
    public static let protectionImprovement: Double = 10
    /// The plan size `protect_running_workloads` caps `max_moves_per_plan` at.
    public static let protectionMaxMoves: Double = 5

    /// The expert values the user settings of `settings` stand for, by expert key.
    public static func expertValues(of settings: ScoringSettings) -> [String: Double] {
        var values = settings.sensitivity.expertValues.merging(settings.trendWeight.expertValues) { $1 }
        if settings.protectRunningWorkloads {
            values["penalties.min_score_improvement", default: 0] += protectionImprovement
            values["max_moves_per_plan"] = min(values["max_moves_per_plan"] ?? protectionMaxMoves, protectionMaxMoves)
        }
        return values
    }

    /// `settings` with every expert key not in its `expert_overrides` set from its user settings.
    public static func resolved(_ settings: ScoringSettings) -> ScoringSettings {
        var result = settings
        let overridden = Set(settings.expertOverrides.map(canonical))
        for (key, value) in expertValues(of: settings) where !overridden.contains(canonical(key)) {
            if let path = expertKeys[key] { result[keyPath: path] = value }
        }
        return result
    }

    /// The expert key `name` stands for, in the spelling `expert_overrides` uses
    /// (`penalties.weight24h` is `penalties.weight_24h`), or `nil` when the user settings do not
    /// control it.
    public static func expertKey(_ name: String) -> String? {
        let wanted = canonical(name)
        return expertKeys.keys.first { canonical($0) == wanted }
    }

    /// `name` without underscores before digits and in lower case, so both spellings compare equal.
    static func canonical(_ name: String) -> String {
        var result = ""
        var pending = false
        for character in name.lowercased() {
            if pending, !character.isNumber { result.append("_") }
            pending = character == "_"
            if !pending { result.append(character) }
        }
        if pending { result.append("_") }
        return result
    }
}

extension ScoringSettings {
    /// `max_moves_per_plan` as a number, for the expert-key table.
    var maxMovesAsDouble: Double {
        get { Double(maxMovesPerPlan) }
        set { maxMovesPerPlan = Int(newValue.rounded()) }
    }
}
