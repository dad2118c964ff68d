/// The ProxBalance release, shown in Home Assistant's device info and in logs.
public enum ProductVersion {
    public static let current = "0.1.0"
}
