/// Decimal `mantissa × 10^exponent` to the nearest `Double` (ties to even) with the Eisel–Lemire
/// algorithm: one or two 64 × 64-bit products with a 128-bit approximation of the power of ten.
/// It answers `nil` in the rare cases where the approximation cannot decide the rounding (a value
/// too close to half-way, subnormal or overflowing results, exponents outside ±348); the caller
/// then parses the text exactly. Pure.
enum DecimalDouble {
    /// The first and last power of ten in `powersOfTen128`.
    static var exponentRange: ClosedRange<Int> { -348...347 }

    /// `mantissa × 10^exponent`, negated when `negative`, correctly rounded; `nil` when undecided.
    static func value(mantissa: UInt64, exponent: Int, negative: Bool) -> Double? {
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard exponentRange.contains(exponent) else { return nil }
        // Normalise the mantissa so its top bit is set.
        let zeros = mantissa.leadingZeroBitCount
        let normal = mantissa << UInt64(zeros)
        // ⌊exponent · log2 10⌋ + 64 + bias − zeros: the binary exponent before the final shift.
        var binaryExponent = UInt64(bitPattern: Int64(((217_706 &* exponent) >> 16) + 64 + 1023 - zeros))
        let row = 2 * (exponent - exponentRange.lowerBound)
        var (high, low) = normal.multipliedFullWidth(by: powersOfTen128[row])
        // The first product's low bits might carry into the kept bits: add the second.
        if high & 0x1FF == 0x1FF, low &+ normal < normal {
            let (nextHigh, nextLow) = normal.multipliedFullWidth(by: powersOfTen128[row + 1])
            var mergedHigh = high
            let mergedLow = low &+ nextHigh
            if mergedLow < low { mergedHigh &+= 1 }
            if mergedHigh & 0x1FF == 0x1FF, mergedLow &+ 1 == 0, nextLow &+ normal < normal { return nil }
            high = mergedHigh
            low = mergedLow
        }
        // Keep 54 bits.
        let topBit = high >> 63
        var bits = high >> (topBit + 9)
        binaryExponent &-= 1 ^ topBit
        // Exactly half-way between two doubles: the approximation cannot say which way to round.
        if low == 0, high & 0x1FF == 0, bits & 3 == 1 { return nil }
        // 54 to 53 bits, ties to even.
        bits &+= bits & 1
        bits >>= 1
        if bits >> 53 > 0 {
            bits >>= 1
            binaryExponent &+= 1
        }
        // Subnormal (exponent 0 or below, wrapped) or infinite results take the exact path.
        if binaryExponent &- 1 >= 0x7FF - 1 { return nil }
        var pattern = binaryExponent << 52 | bits & 0x000F_FFFF_FFFF_FFFF
        if negative { pattern |= 1 << 63 }
        return Double(bitPattern: pattern)
    }
}
