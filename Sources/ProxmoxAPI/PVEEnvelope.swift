/// The `{"data": …, "total": N}` body every Proxmox API answer is wrapped in.
package struct PVEEnvelope<Payload: Decodable>: Decodable {
    package let data: Payload
    /// Present on paged lists (task log, node task list).
    package let total: Int?

    private enum CodingKeys: String, CodingKey {
        case data, total
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode(Payload.self, forKey: .data)
        total = try container.decodeIfPresent(PVEValue.self, forKey: .total)?.intValue
    }
}
