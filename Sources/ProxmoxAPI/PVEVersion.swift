/// `GET /version` (and `/nodes/{node}/version`).
public struct PVEVersion: Sendable, Hashable, Decodable {
    /// `7.4-16` (PVE 7) or `8.4.14` (PVE 8/9).
    public var version: String
    /// `8.4`; absent on very old versions.
    public var release: String?
    public var repoid: String?
    /// Only when set in datacenter.cfg.
    public var console: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        version = try fields.required("version")
        release = try fields.optional("release")
        repoid = try fields.optional("repoid")
        console = try fields.optional("console")
    }

    /// The major version (`8` for `8.4.14` or `8.4`), if it can be read.
    public var major: Int? { components.first }

    /// The minor version (`4` for `8.4.14`), if it can be read.
    public var minor: Int? { components.count > 1 ? components[1] : nil }

    private var components: [Int] {
        let text = release ?? version
        return text.split(whereSeparator: { $0 == "." || $0 == "-" }).prefix(2).compactMap { Int($0) }
    }
}
