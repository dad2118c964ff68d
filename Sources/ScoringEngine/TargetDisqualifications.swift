import Contract

/// The published words for the targets the skip explanations rule out, built once per distinct
/// fact of one plan's end state and shared by every guest it applies to: an unavailable target,
/// one under IOWait pressure, one running a guest of an anti-affinity group, one lacking a set of
/// storages, or one that cannot fit a given maximum memory reads the same for all of them. The
/// words are `BatchPlanner.disqualification`'s; an HA node-affinity rule names the guests, so it
/// is worded for each. Valid for one planner state only.
struct TargetDisqualifications {
    private enum Fact: Hashable {
        case unavailable(target: Int)
        case underIOWait(target: Int)
        case antiAffinity(target: Int, group: Int)
        case storage(target: Int, storages: Set<String>)
        case memory(target: Int, memoryMaxBytes: Int64)
    }

    private let planner: BatchPlanner
    private var known: [Fact: TargetDisqualification] = [:]

    init(_ planner: BatchPlanner) { self.planner = planner }

    /// Why `rule` keeps `bundle` off `target`.
    mutating func rule(_ rule: TargetRule, _ bundle: MoveBundle, target: Int) -> TargetDisqualification {
        let fact: Fact
        switch rule {
        case .unavailable: fact = .unavailable(target: target)
        case .storage: fact = .storage(target: target, storages: bundle.storages)
        case .antiAffinity(let group): fact = .antiAffinity(target: target, group: group)
        case .memoryCapacity: fact = .memory(target: target, memoryMaxBytes: bundle.load.memoryMaxBytes)
        case .haNodeAffinity: return planner.disqualification(rule, bundle, target: target)
        }
        if let words = known[fact] { return words }
        let words = planner.disqualification(rule, bundle, target: target)
        known[fact] = words
        return words
    }

    /// Why relief sends nothing to `target`: it is under IOWait pressure itself.
    mutating func underIOWait(target: Int) -> TargetDisqualification {
        let fact = Fact.underIOWait(target: target)
        if let words = known[fact] { return words }
        let name = planner.nodes[target].name
        let words = TargetDisqualification(node: name, rule: "rule_under_pressure", detail: "\(name) is under IOWait pressure itself")
        known[fact] = words
        return words
    }
}
