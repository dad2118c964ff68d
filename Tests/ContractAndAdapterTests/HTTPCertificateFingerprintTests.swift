import Foundation
import HTTPTransport
import Testing

@Suite("CertificateFingerprint.parse")
struct HTTPCertificateFingerprintTests {
    static let bytes: [UInt8] = (0..<32).map { UInt8($0 * 7 + 3) }
    static let pairs: [String] = bytes.map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
    static let colons: String = pairs.joined(separator: ":")
    static let bare: String = pairs.joined()

    static let valid: [String] = [colons, colons.lowercased(), bare, bare.lowercased(), "  \(colons)\n"]

    static let invalid: [String] = [
        "",
        pairs.dropLast().joined(separator: ":"),  // 31 bytes
        (pairs + ["AB"]).joined(separator: ":"),  // 33 bytes
        String(bare.dropLast()),  // 63 digits
        "ZZ" + String(bare.dropFirst(2)),  // not hex
        "+1" + String(bare.dropFirst(2)),  // a sign is not a digit
        pairs[0] + pairs[1] + ":" + pairs.dropFirst(2).joined(separator: ":"),  // a colon missing
        "sha256//" + String(repeating: "A", count: 56),  // a public-key pin, another format
    ]

    @Test("Accepts colon-separated or bare hex in any case", arguments: valid)
    func accepts(text: String) throws {
        #expect(try CertificateFingerprint.parse(text) == Self.bytes)
    }

    @Test("Rejects anything else with a clear error that does not echo the input", arguments: invalid)
    func rejects(text: String) throws {
        let error = try #require(throws: CertificateFingerprint.ParseError.self) {
            try CertificateFingerprint.parse(text)
        }
        #expect(error.description.hasPrefix("invalid SHA-256 certificate fingerprint"))
        if text.count > 4 {
            #expect(!error.description.contains(text))
        }
    }
}
