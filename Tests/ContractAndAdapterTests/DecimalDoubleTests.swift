import Foundation
import PVESimulator
import Testing

@testable import Contract

/// Decimal numbers read by the contract's parser are the doubles Swift's own exact parser gives,
/// bit for bit, whether they take the fast path or not.
@Suite("JSON decimal numbers")
struct DecimalDoubleTests {
    /// The number `text` parses to, as the contract's decoder reads it.
    static func parsed(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            switch JSONParser.parse(buffer) {
            case .double(let value): value
            case .integer(let value): Double(value)
            default: nil
            }
        }
    }

    /// Every finite double `random` yields: uniform bit patterns (all magnitudes, subnormals
    /// included) and uniform values in 0..<100 (percentages, as snapshots carry them).
    static func doubles(_ count: Int, seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        var values: [Double] = []
        while values.count < count {
            let bits = Double(bitPattern: random.next())
            if bits.isFinite { values.append(bits) }
            values.append(random.unit() * 100)
        }
        return values
    }

    /// The texts a double is written as: Swift's shortest form and 17 significant digits, plain
    /// and in exponent form.
    static func texts(_ value: Double) -> [String] {
        ["\(value)", String(format: "%.17g", value), String(format: "%.16e", value)]
    }

    static func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let exact = Double(text)
        let fast = parsed(text)
        #expect(
            fast?.bitPattern == exact?.bitPattern, "\(text): \(String(describing: fast)) ≠ \(String(describing: exact))",
            sourceLocation: sourceLocation)
    }

    @Test("random doubles in shortest and 17-digit form read back bit for bit", arguments: [1, 2, 3] as [UInt64])
    func randomDoubles(seed: UInt64) {
        for value in Self.doubles(20_000, seed: seed) {
            for text in Self.texts(value) {
                let fast = Self.parsed(text)
                #expect(fast?.bitPattern == value.bitPattern, "\(text) read as \(String(describing: fast))")
                Self.expectSame(text)
            }
        }
    }

    @Test("random mantissas of up to 19 digits at every exponent agree with Swift's parser")
    func randomDecimals() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<50_000 {
            let digits = 1 + random.int(19)
            var mantissa = random.next() % 10_000_000_000_000_000_000
            for _ in digits..<19 { mantissa /= 10 }
            let exponent = random.int(700) - 350
            let text = "\(mantissa)e\(exponent)"
            let fast = DecimalDouble.value(mantissa: mantissa, exponent: exponent, negative: false)
            if let fast { #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)") }
            Self.expectSame(text)
            Self.expectSame("-\(text)")
        }
    }

    @Test("17-digit snapshot figures take the fast path, not the exact fallback")
    func fastPathDecides() {
        var undecided = 0
        var random = SplitMix64(seed: 11)
        for _ in 0..<10_000 {
            let value = random.unit() * 100
            let text = String(format: "%.16e", value)
            let parts = text.split(separator: "e")
            let mantissa = UInt64(parts[0].replacingOccurrences(of: ".", with: ""))!
            let exponent = Int(parts[1])! - 16
            guard let fast = DecimalDouble.value(mantissa: mantissa, exponent: exponent, negative: false) else {
                undecided += 1
                continue
            }
            #expect(fast.bitPattern == value.bitPattern, "\(text)")
        }
        #expect(undecided < 10)
    }

    @Test(
        "edge cases: zeros, subnormals, the largest double, ties, 19 digits and exponent forms",
        arguments: [
            "0.0", "-0.0", "-0e5", "0e-400", "5e-324", "-5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "4.9406564584124654e-324", "2.2250738585072011e-308", "2.2250738585072014e-308", "2.225073858507201e-308",
            "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "-1.7976931348623157E+308", "1e-307", "1E+22",
            "1e23", "8.98846567431158e307", "9007199254740993.0", "9007199254740992.5", "4503599627370496.5",
            "4503599627370497.5", "0.1", "0.2", "0.3", "1.0000000000000002", "0.99999999999999989", "123456789012345678e-5",
            "1.234567890123456789", "9.999999999999999999e-5", "1844674407370955161.5", "1e-20", "1.5e+300", "7.2e-310",
            "100.00000000000001", "99.999999999999986", "12.345678901234567", "0.000000000000000000001",
            "0.00000000000000000000000000001234567", "12345678901234567890.5", "2.5e-1", "6.02214076e23",
        ])
    func edgeCases(text: String) {
        Self.expectSame(text)
    }
}
