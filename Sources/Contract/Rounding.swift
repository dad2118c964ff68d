/// Number formatting without Foundation's `String(format:)`, which is slow in hot loops.
public enum Rounding {
    /// `value` rounded to `decimals` places, half away from zero.
    public static func round(_ value: Double, _ decimals: Int = 1) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    /// `value` with exactly `decimals` digits after the point, e.g. `string(82, decimals: 1)` = "82.0".
    public static func string(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        var fraction = String(scaled % Int64(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return "\(sign)\(whole).\(fraction)"
    }

    /// A percentage for sentences: "83 %" (no decimals).
    public static func percent(_ value: Double) -> String { "\(Int(value.rounded())) %" }
}
