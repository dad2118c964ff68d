/// The rule for a Proxmox node name given by a user (maintenance, evacuation, a move's target):
/// a host name of 1–63 letters, digits, `-`, `_` and `.`, as Proxmox allows.
public enum NodeName {
    /// The longest node name accepted.
    public static let maximumLength = 63

    /// Refuses a name that cannot be a node's, naming `field`.
    public static func check(_ name: String, _ field: String) throws(ReplyError) {
        try InputCheck.text(name, field, length: 1...maximumLength)
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
        guard allowed else { throw .invalid("\(field): '\(name)' is not a node name (letters, digits, '-', '_', '.')") }
    }

    /// Refuses a name that is not one of `known` (the nodes of the cluster's latest snapshot).
    public static func check(_ name: String, _ field: String, known: some Collection<String>) throws(ReplyError) {
        try check(name, field)
        guard known.contains(name) else {
            let hint = JSONKey.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw .notFound("\(field): '\(name)' is not a node of the cluster (nodes: \(known.sorted().joined(separator: ", ")))\(hint)")
        }
    }
}
