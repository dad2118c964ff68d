import Foundation

/// One task of `GET /cluster/tasks` or `GET /nodes/{node}/tasks`.
public struct PVETaskSummary: Sendable, Hashable, Decodable {
    public var upid: String
    public var node: String?
    public var pid: Int?
    public var pstart: Int?
    public var startTime: Date?
    /// Absent while running.
    public var endTime: Date?
    public var type: String?
    /// Usually the vmid.
    public var id: String?
    public var user: String?
    /// `OK`, `WARNINGS: N` or the error text; absent while running.
    public var status: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        upid = try fields.required("upid")
        node = try fields.optional("node")
        pid = try fields.optional("pid")
        pstart = try fields.optional("pstart")
        startTime = try fields.date("starttime")
        endTime = try fields.date("endtime")
        type = try fields.optional("type")
        id = try fields.optional("id")
        user = try fields.optional("user")
        status = try fields.optional("status")
    }

    public var isRunning: Bool { endTime == nil && status == nil }

    /// Finished with `OK` or `WARNINGS: N`.
    public var isSuccess: Bool { PVETaskStatus.isSuccessExitStatus(status) }

    /// The parsed UPID, if well-formed.
    public var parsedUPID: PVEUPID? { try? PVEUPID(parsing: upid) }
}
