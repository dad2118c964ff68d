extension ReasonFactor {
    /// The factor both halves of a swap carry (two guests exchanging nodes where neither move is
    /// possible alone); its value is the other half's vmid.
    public static let swap = "swap"
}

extension Recommendation {
    /// The vmid of the guest this move swaps places with, or nil when it is no half of a swap.
    public var swapPartner: Int? {
        reason.contributingFactors.first { $0.factor == ReasonFactor.swap }.map { Int($0.value) }
    }
}
