extension RunningSimulator {
    /// The settings that point a service at this simulator: its address, its token and its
    /// certificate's fingerprint (pinned).
    public var serviceSettings: [String: String] {
        ["PROXBALANCE_PVE_URL": baseURL, "PROXBALANCE_PVE_TOKEN": token, "PROXBALANCE_PVE_FINGERPRINT": fingerprint]
    }
}
