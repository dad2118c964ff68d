import Contract

/// The outcome of trying one bundle on one target.
struct MoveEvaluation: Sendable {
    /// Why the move is not allowed or not worth it.
    enum Failure: Sendable {
        /// A hard rule rules the target out.
        case rule(TargetRule)
        /// The target would end hotter than the hottest node, or above a threshold the source is under.
        case wouldOverload(OverloadReason)
    }

    let target: Int
    let improvement: Double
    let gain: Double
    /// The target's load once the bundle arrived.
    let targetAfter: NodeLoad?
    let failure: Failure?

    var isFeasible: Bool { failure == nil }
}

/// How a target would end up too loaded (kept as numbers; words only when a skip is explained).
enum OverloadReason: Sendable {
    case aboveHottest(cpu: Double, hottest: Double)
    case cpuThreshold(Double)
    case memoryThreshold(Double)
    /// A target beyond its CPU threshold at the start of the plan would end above that start.
    case cpuBeyond(cpu: Double, start: Double)
    /// A target beyond the memory floor at the start of the plan would end above that start.
    case memoryBeyond(memory: Double, start: Double)

    /// The target is under pressure itself and would end worse on what it is beyond.
    var isUnderPressure: Bool {
        switch self {
        case .cpuBeyond, .memoryBeyond: true
        case .aboveHottest, .cpuThreshold, .memoryThreshold: false
        }
    }

    /// The reason in words for target `name`.
    func describe(_ name: String) -> String {
        switch self {
        case .aboveHottest(let cpu, let hottest):
            "\(name) would reach \(Rounding.percent(cpu)) CPU, above the hottest node (\(Rounding.percent(hottest)))"
        case .cpuThreshold(let cpu): "\(name) would go over the CPU threshold (\(Rounding.percent(cpu)))"
        case .memoryThreshold(let memory): "\(name) would go over the memory threshold (\(Rounding.percent(memory)))"
        case .cpuBeyond(let cpu, let start):
            "\(name) is over its CPU threshold itself (\(Rounding.percent(start)) at the start; it would reach \(Rounding.percent(cpu)))"
        case .memoryBeyond(let memory, let start):
            "\(name) is over its memory floor itself (\(Rounding.percent(start)) at the start; it would reach \(Rounding.percent(memory)))"
        }
    }
}
