public import Contract

/// `pbctl simulate`: scoring's `simulate` answer as a headline, a table of the moves that would
/// appear, disappear or change, and a table of node score deltas. Pure.
public enum SimulationView {
    /// "current: recommendations, 2 moves, health 58.1 → 71.4" and the same for the proposal.
    public static func headline(_ result: JSONValue) -> String {
        ["current", "proposed"].map { key in
            let plan = result[key]
            let moves = plan?["moves"]?.int ?? 0
            return "\(key): \(plan?["status"]?.string ?? "?"), \(moves) move\(moves == 1 ? "" : "s"), health "
                + "\(Format.number(plan?["cluster_health_before"]?.double)) → \(Format.number(plan?["cluster_health_after"]?.double))"
        }.joined(separator: "\n")
    }

    /// One row per move that differs: `+` appears, `-` disappears, `~` changes target or step.
    public static func moves(_ result: JSONValue) -> Table {
        let move = { (sign: String, item: JSONValue) -> [Table.Cell] in
            [
                .init(sign, tone: sign == "+" ? .good : .bad), .init(GuestLookup.label(item)),
                .init("\(item["source"]?.string ?? "?") → \(item["target"]?.string ?? "?")"), .init("\(item["step"]?.int ?? 0)"),
            ]
        }
        let changed = (result["changed"]?.items ?? []).map { item -> [Table.Cell] in
            [
                .init("~"), .init(GuestLookup.label(item)),
                .init(
                    "\(item["source"]?.string ?? "?") → \(item["target_before"]?.string ?? "?") ⇒ \(item["target_after"]?.string ?? "?")"),
                .init("\(item["step_before"]?.int ?? 0) ⇒ \(item["step_after"]?.int ?? 0)"),
            ]
        }
        return Table(
            [.init("CHANGE"), .init("GUEST", flexible: true), .init("MOVE", flexible: true), .init("STEP", right: true)],
            rows: (result["appeared"]?.items ?? []).map { move("+", $0) } + (result["disappeared"]?.items ?? []).map { move("-", $0) }
                + changed)
    }

    /// Every node's score under the current and the proposed settings (lower is better).
    public static func nodes(_ result: JSONValue) -> Table {
        Table(
            [.init("NODE"), .init("SCORE NOW", right: true), .init("PROPOSED", right: true), .init("DELTA", right: true)],
            rows: (result["nodes"]?.items ?? []).map { node in
                let delta = node["delta"]?.double
                return [
                    .init(node["node"]?.string ?? "?"), .init(Format.number(node["before"]?.double)),
                    .init(Format.number(node["after"]?.double)),
                    .init(delta.map { ($0 > 0 ? "+" : "") + Format.number($0) } ?? "-"),
                ]
            })
    }
}
