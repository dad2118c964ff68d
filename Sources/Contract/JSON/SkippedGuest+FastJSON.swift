// The skipped guests are most of a large plan (with a reason and refused targets for each): they
// are written by hand; the equivalence tests compare the result with Foundation's.

extension SkippedGuest {
    /// The skipped guest as JSON, members in key order; `nil` when a number is not finite.
    func fastJSON() -> [UInt8]? {
        var writer = JSONObjectWriter(capacity: 256 + disqualified.count * 160)
        writer.field("best_target", bestTarget)
        writer.field("detail", detail)
        writer.field("disqualified", objects: disqualified) { target, item in
            item.field("detail", target.detail)
            item.field("node", target.node)
            item.field("rule", target.rule)
        }
        writer.field("improvement", improvement)
        writer.field("name", name)
        writer.field("node", node)
        writer.field("reason", reason.rawValue)
        writer.field("type", type.rawValue)
        writer.field("vmid", vmid)
        return writer.valid ? writer.finish() : nil
    }
}
