extension ConfigurationError {
    /// This error, with a hint when one of `unknown` looks like a misspelling of its setting
    /// (`PROXBALANCE_PVE_URL` is missing while `PROXBALANCE_PVE_ULR` is set).
    public func hinting(misspellingsAmong unknown: [UnknownSetting]) -> ConfigurationError {
        guard let misspelt = unknown.first(where: { $0.suggestedSetting == setting }) else { return self }
        return ConfigurationError(setting: setting, problem: "\(problem) (\(misspelt.place) is set: a misspelling?)")
    }
}
