public import Contract

/// Cluster-level advice no migration fixes, from the predicted state after the plan.
enum CapacityAdvisor {
    /// `loads` are the usable nodes (online, not in maintenance) after the plan.
    static func advisories(_ loads: [NodeLoad], configuration c: PenaltyConfiguration) -> [CapacityAdvisory] {
        guard !loads.isEmpty else { return [] }
        var result: [CapacityAdvisory] = []
        let count = Double(loads.count)
        let cpuAverage = loads.reduce(0) { $0 + $1.cpuPct } / count
        let memoryAverage = loads.reduce(0) { $0 + $1.memoryPct } / count
        let metrics = ["cluster_cpu_avg": Rounding.round(cpuAverage), "cluster_mem_avg": Rounding.round(memoryAverage)]
        if cpuAverage > 70 || memoryAverage > 80 {
            let critical = cpuAverage > 85 || memoryAverage > 90
            result.append(
                CapacityAdvisory(
                    kind: "capacity_saturation", severity: critical ? "critical" : "warning",
                    message:
                        "The cluster runs at \(Rounding.percent(cpuAverage)) CPU and \(Rounding.percent(memoryAverage)) memory on average; moving guests cannot lower the total.",
                    metrics: metrics,
                    suggestions: ["Add a node or more memory", "Review guests' allocations for over-provisioning"]))
        }
        let headroom: [(kind: String, resource: String, threshold: Double, key: String, value: (NodeLoad) -> Double, suggestions: [String])] = [
            (
                "limited_cpu_headroom", "CPU", c.cpuThreshold, "nodes_above_cpu_threshold", \.cpuPct,
                ["Add CPU capacity", "Offload low-priority workloads"]
            ),
            (
                "limited_memory_headroom", "memory", c.memThreshold, "nodes_above_mem_threshold", \.memoryPct,
                ["Add memory or a node", "Lower guests' maximum memory where it is unused"]
            ),
        ]
        for limit in headroom {
            let hot = loads.filter { limit.value($0) > limit.threshold }.count
            guard loads.count >= 2, hot >= loads.count - 1 else { continue }
            result.append(
                CapacityAdvisory(
                    kind: limit.kind, severity: "warning",
                    message:
                        "\(hot) of \(loads.count) nodes stay above the \(limit.resource) threshold (\(Penalty.format(limit.threshold)) %) after the plan: there is little room to move load to.",
                    metrics: metrics.merging([limit.key: Double(hot)]) { a, _ in a }, suggestions: limit.suggestions))
        }
        for load in loads where load.cpuPct > 90 || load.memoryPct > 95 {
            result.append(
                CapacityAdvisory(
                    kind: "node_bottleneck", severity: "critical",
                    message:
                        "\(load.name) stays at \(Rounding.percent(load.cpuPct)) CPU and \(Rounding.percent(load.memoryPct)) memory even after the plan.",
                    node: load.name,
                    metrics: ["cpu_pct": Rounding.round(load.cpuPct), "memory_pct": Rounding.round(load.memoryPct)],
                    suggestions: ["Move or resize its biggest guests by hand", "Add capacity to \(load.name)"]))
        }
        if loads.count <= 2 {
            result.append(
                CapacityAdvisory(
                    kind: "small_cluster", severity: "info",
                    message: "Only \(loads.count) node(s) can take guests, so balancing has few options.",
                    metrics: ["usable_nodes": count], suggestions: ["Add a node for redundancy"]))
        }
        if let advisory = nPlusOne(loads) { result.append(advisory) }
        return result
    }

    /// Can the other nodes absorb the biggest node's running load (memory under 95 % of their
    /// total, CPU under 90 % of their threads)?
    static func nPlusOne(_ loads: [NodeLoad]) -> CapacityAdvisory? {
        guard loads.count >= 2, let biggest = loads.max(by: { $0.memoryTotalBytes < $1.memoryTotalBytes }) else {
            return nil
        }
        let others = loads.filter { $0.name != biggest.name }
        let freeMemory = others.reduce(0.0) { $0 + max(0, 0.95 * Double($1.memoryTotalBytes) - Double($1.memoryUsedBytes)) }
        let freeCores = others.reduce(0.0) { $0 + max(0, 0.9 * Double($1.cpuThreads) - $1.cpuPct / 100 * Double($1.cpuThreads)) }
        let neededMemory = Double(biggest.memoryUsedBytes)
        let neededCores = biggest.cpuPct / 100 * Double(biggest.cpuThreads)
        guard freeMemory < neededMemory || freeCores < neededCores else { return nil }
        let short = freeMemory < neededMemory ? "memory" : "CPU"
        return CapacityAdvisory(
            kind: "n_plus_one", severity: "warning",
            message: "If \(biggest.name) fails, the other nodes lack the \(short) to take over its guests.",
            node: biggest.name,
            metrics: [
                "needed_memory_gib": Rounding.round(neededMemory / 1_073_741_824),
                "free_memory_gib": Rounding.round(freeMemory / 1_073_741_824),
                "needed_cores": Rounding.round(neededCores), "free_cores": Rounding.round(freeCores),
            ],
            suggestions: ["Add a node or memory so the cluster survives the loss of its biggest node"])
    }
}
