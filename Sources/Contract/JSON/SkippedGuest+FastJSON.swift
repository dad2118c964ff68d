// The skipped guests are most of a large plan (with a reason and refused targets for each): they
// are written by hand; the equivalence tests compare the result with Foundation's.

extension SkippedGuest {
    /// The skipped guest as JSON, members in key order; `nil` when a number is not finite.
    func fastJSON() -> [UInt8]? {
        var writer = JSONObjectWriter(capacity: 256 + disqualified.count * 96)
        writer.field("best_target", bestTarget)
        writer.field("detail", detail)
        var refused: [UInt8] = [UInt8(ascii: "[")]
        for (index, target) in disqualified.enumerated() {
            if index > 0 { refused.append(UInt8(ascii: ",")) }
            var item = JSONObjectWriter(capacity: 96)
            item.field("detail", target.detail)
            item.field("node", target.node)
            item.field("rule", target.rule)
            refused.append(contentsOf: item.finish())
        }
        refused.append(UInt8(ascii: "]"))
        writer.field("disqualified", json: refused)
        writer.field("improvement", improvement)
        writer.field("name", name)
        writer.field("node", node)
        writer.field("reason", reason.rawValue)
        writer.field("type", type.rawValue)
        writer.field("vmid", vmid)
        return writer.valid ? writer.finish() : nil
    }
}
