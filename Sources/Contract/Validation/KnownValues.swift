/// A string enum of the contract whose decoding failure lists the allowed values:
/// `min_severity: must be one of info, warning, critical, got "fatal"`.
public protocol KnownValues: RawRepresentable<String>, CaseIterable, Decodable {}

extension KnownValues {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            let description = "must be one of \(allowed), got \"\(raw.prefix(64))\""
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: description))
        }
        self = value
    }
}
