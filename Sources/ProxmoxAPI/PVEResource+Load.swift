extension PVEResource {
    /// CPU in % with one decimal (node entries: of the host's threads), 0 when unknown.
    public var cpuPct: Double { ((cpu ?? 0) * 1000).rounded() / 10 }

    /// Memory used in % of `maxmem` with one decimal, 0 when unknown.
    public var memoryPct: Double {
        guard let used = mem, let total = maxmem, total > 0 else { return 0 }
        return (Double(used) * 1000 / Double(total)).rounded() / 10
    }
}
