/// A placement rule the cluster breaks before the plan: two guests of one `exclude_<group>` on a
/// node, or the running guests of one `affinity_<group>` on more than one node.
public struct RuleViolation: Codable, Sendable, Equatable {
    /// `anti_affinity` or `affinity`.
    public var rule: String
    /// The group, without its `exclude_`/`affinity_` prefix.
    public var group: String
    /// The node the anti-affinity guests share, or the nodes the affinity group is split across.
    public var nodes: [String]
    /// The guests involved.
    public var vmids: [Int]
    /// Whether the plan's moves repair it.
    public var repaired: Bool
    /// One sentence: what is wrong and what the plan does about it.
    public var detail: String

    public init(rule: String, group: String, nodes: [String], vmids: [Int], repaired: Bool, detail: String) {
        self.rule = rule
        self.group = group
        self.nodes = nodes
        self.vmids = vmids
        self.repaired = repaired
        self.detail = detail
    }
}
