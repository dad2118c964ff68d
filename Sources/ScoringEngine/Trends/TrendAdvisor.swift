public import Contract
public import Foundation

/// What a plan publishes from the trends: forecasts of threshold crossings, node states and
/// each move's evidence and explanation. Pure.
public enum TrendAdvisor {
    /// Forecasts for online nodes outside maintenance whose CPU or memory rises, with at least
    /// medium confidence, across its threshold within `ClusterTrends.horizonHours` (not yet
    /// above it), soonest first.
    public static func forecasts(_ input: PlanInput) -> [TrendForecast] {
        let c = input.settings.penalties
        var result: [TrendForecast] = []
        for node in input.snapshot.nodes where node.isOnline && !input.maintenance.contains(node.name) {
            guard let trends = input.trends.nodes[node.name] else { continue }
            for (metric, trend, threshold) in [("cpu_pct", trends.cpu, c.cpuThreshold), ("memory_pct", trends.memory, c.memThreshold)] {
                guard let trend, trend.direction.isIncreasing, trend.confidence >= .medium, let hours = trend.hoursToThreshold,
                    hours > 0, hours <= ClusterTrends.horizonHours
                else { continue }
                let drivers = drivers(on: node.name, input)
                let names = drivers.prefix(3).map { "\($0.vmid)\($0.name.map { " (\($0))" } ?? "")" }
                result.append(
                    TrendForecast(
                        node: node.name, metric: metric, current: Rounding.round(trend.current), threshold: threshold,
                        ratePerDay: Rounding.round(trend.ratePerDay, 2), hoursToThreshold: Rounding.round(hours),
                        estimatedCrossingAt: input.now.addingTimeInterval((hours * 3600).rounded()),
                        confidence: trend.confidence.rawValue, r2: Rounding.round(trend.r2, 2), urgency: hours <= 24 ? .medium : .low,
                        drivers: drivers, dataQuality: quality(trend.coverage),
                        message: "\(node.name) \(metric == "cpu_pct" ? "CPU" : "memory") is rising "
                            + "\(Rounding.string(trend.ratePerDay, decimals: 1)) points/day from \(Rounding.percent(trend.current)) "
                            + "and crosses \(Penalty.format(threshold)) % in about \(Int(hours.rounded())) h"
                            + (names.isEmpty ? "" : "; growing: \(names.joined(separator: ", "))")))
            }
        }
        return result.sorted { ($0.hoursToThreshold, $0.node) < ($1.hoursToThreshold, $1.node) }
    }

    /// Growing guests running on `node`, fastest first.
    static func drivers(on node: String, _ input: PlanInput) -> [ForecastDriver] {
        input.snapshot.guests.compactMap { guest -> ForecastDriver? in
            guard guest.node == node, guest.isRunning, let trend = input.trends.guests[guest.vmid], trend.behaviour == .growing
            else { return nil }
            return ForecastDriver(vmid: guest.vmid, name: guest.name, growthPctPerDay: Rounding.round(trend.growthPctPerDay, 2))
        }.sorted { ($0.growthPctPerDay, $1.vmid) > ($1.growthPctPerDay, $0.vmid) }
    }

    /// `node`'s state and the urgency it gives, when its trends are known.
    public static func state(of node: String, _ input: PlanInput) -> (state: NodeTrendState, urgency: Urgency)? {
        input.trends.state(of: node, input.settings.penalties).map { ($0, urgency($0)) }
    }

    /// High when overloaded, medium when trending toward overload, low when stable but hot.
    public static func urgency(_ state: NodeTrendState) -> Urgency {
        switch state {
        case .overloaded: .high
        case .trendingTowardOverload: .medium
        case .stableButHot: .low
        case .normal: .none
        }
    }

    /// `recommendations` with their trend evidence and explanation, and urgency raised to their
    /// source's state's.
    public static func annotate(_ recommendations: [Recommendation], _ input: PlanInput) -> [Recommendation] {
        recommendations.map { recommendation in
            var annotated = recommendation
            let source = evidence(recommendation.source, input)
            let target = evidence(recommendation.target, input)
            let guest = input.trends.guests[recommendation.vmid].map { trend in
                GuestTrendEvidence(
                    cpuGrowthPctPerDay: Rounding.round(trend.growthPctPerDay, 2), behaviour: trend.behaviour.rawValue,
                    peakHours: trend.cpu.dailyCycle?.peakHours ?? [], dataQuality: quality(trend.cpu.coverage))
            }
            if source != nil || target != nil || guest != nil {
                annotated.trendEvidence = TrendEvidence(source: source, target: target, guest: guest)
            }
            if let state = state(of: recommendation.source, input)?.urgency, state > annotated.urgency { annotated.urgency = state }
            annotated.decisionExplanation = explanation(recommendation, source: source, target: target, guest: guest)
            return annotated
        }
    }

    static func evidence(_ node: String, _ input: PlanInput) -> NodeTrendEvidence? {
        guard let trends = input.trends.nodes[node], let cpu = trends.cpu, let state = input.trends.state(of: node, input.settings.penalties)
        else { return nil }
        return NodeTrendEvidence(
            state: state.rawValue, cpuDirection: cpu.direction.rawValue, cpuTrendPctPerDay: Rounding.round(cpu.ratePerDay, 2),
            memoryTrendPctPerDay: trends.memory.map { Rounding.round($0.ratePerDay, 2) }, stability: Rounding.round(cpu.stability),
            baselineDeviationSigma: cpu.baseline.map { Rounding.round($0.deviationSigma, 2) }, aboveBaseline: cpu.baseline?.isAbove ?? false,
            hoursToThreshold: cpu.hoursToThreshold.map { Rounding.round($0) }, dataQuality: quality(cpu.coverage))
    }

    static func quality(_ coverage: TrendCoverage) -> TrendDataQuality {
        TrendDataQuality(
            samples: coverage.samples, spanHours: Rounding.round(coverage.spanHours), gapHours: Rounding.round(coverage.gapHours),
            backfilledSamples: coverage.backfilledSamples, realSpanHours: Rounding.round(coverage.realSpanHours))
    }

    /// One or two sentences: the source's CPU and trend, the guest's growth, the target's CPU and trend.
    static func explanation(
        _ move: Recommendation, source: NodeTrendEvidence?, target: NodeTrendEvidence?, guest: GuestTrendEvidence?
    ) -> String {
        let kind = move.type == .qemu ? "VM" : "CT"
        let who = "\(kind) \(move.vmid)" + (move.name.map { " '\($0)'" } ?? "")
        var first = "Source '\(move.source)' is at \(Rounding.percent(move.sourceBefore.cpuPct)) CPU"
        if let source {
            first += " (\(phrase(source)))"
        }
        first += "; \(who)"
        if let guest, guest.behaviour == GuestBehaviour.growing.rawValue {
            first += " is growing \(signed(guest.cpuGrowthPctPerDay)) %/day and is a key contributor"
            let preferred = move.reason.contributingFactors.contains { $0.factor == "guest_growth" }
            first += preferred ? ", so it moves ahead of guests giving similar relief." : "."
        } else {
            first += " moves to relieve it."
        }
        var second =
            "Target '\(move.target)' goes from \(Rounding.percent(move.targetBefore.cpuPct)) to \(Rounding.percent(move.targetAfter.cpuPct)) CPU"
        if let target { second += " and is \(phrase(target))" }
        return first + " " + second + "."
    }

    private static func phrase(_ node: NodeTrendEvidence) -> String {
        let direction = node.cpuDirection.replacingOccurrences(of: "_", with: " ")
        return "\(direction), \(signed(node.cpuTrendPctPerDay)) points/day, stability \(Int(node.stability.rounded()))/100"
            + (node.aboveBaseline ? ", above its usual load for this hour" : "")
    }

    private static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + Rounding.string(value, decimals: 1)
    }
}
