/// The ProxBalance release: what every executable's `--version` prints, and what Home
/// Assistant's device info and the logs show.
public enum ProductVersion {
    public static let current = "0.1.0"
}
