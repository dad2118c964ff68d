/// The `{"data": …, "total": N}` body every Proxmox API answer is wrapped in.
struct PVEEnvelope<Payload: Decodable>: Decodable {
    let data: Payload
    /// Present on paged lists (task log, node task list).
    let total: Int?

    private enum CodingKeys: String, CodingKey {
        case data, total
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode(Payload.self, forKey: .data)
        total = try container.decodeIfPresent(PVEValue.self, forKey: .total)?.intValue
    }
}
