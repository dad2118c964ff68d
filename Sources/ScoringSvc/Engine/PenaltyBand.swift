import Foundation

/// A level above which a penalty applies; bands of one family are checked highest limit first.
struct PenaltyBand {
    /// The penalty applies when the value is strictly above this.
    let limit: Double
    let points: Double

    /// The penalty of the highest band `value` exceeds, or `nil` below every band.
    /// `label` prefixes the reason (e.g. `7-day max `).
    static func penalty(
        _ family: PenaltyFamily, value: Double, bands: [PenaltyBand], label: String = "", unit: String = " %"
    ) -> Penalty? {
        guard let band = bands.sorted(by: { $0.limit > $1.limit }).first(where: { value > $0.limit }),
            band.points > 0
        else { return nil }
        let reason = "\(label)\(String(format: "%.1f", value))\(unit) > \(Penalty.format(band.limit))\(unit)"
        return Penalty(family: family, value: band.points, reason: reason)
    }
}
