/// A guest's status as the metrics history stores it (one small integer per sample).
enum GuestStatusCode {
    static let names = ["unknown", "running", "stopped", "paused", "suspended"]

    static func code(_ status: String) -> Int64 {
        Int64(names.firstIndex(of: status) ?? 0)
    }
}
