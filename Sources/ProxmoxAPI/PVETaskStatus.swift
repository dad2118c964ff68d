import Foundation

/// `GET /nodes/{node}/tasks/{upid}/status`.
public struct PVETaskStatus: Sendable, Hashable, Decodable {
    public enum State: Sendable, Hashable {
        case running, stopped
        case other(String)
    }

    /// The UPID string as sent (see `PVEUPID` to parse it).
    public var upid: String
    public var node: String?
    public var pid: Int?
    public var pstart: Int?
    public var startTime: Date?
    public var type: String?
    public var id: String?
    public var user: String?
    public var tokenid: String?
    public var state: State
    /// Only when stopped: `OK`, `WARNINGS: N`, or the error text (`migration aborted`).
    public var exitStatus: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        upid = try fields.required("upid")
        node = try fields.optional("node")
        pid = try fields.optional("pid")
        pstart = try fields.optional("pstart")
        startTime = try fields.date("starttime")
        type = try fields.optional("type")
        id = try fields.optional("id")
        user = try fields.optional("user")
        tokenid = try fields.optional("tokenid")
        switch try fields.required("status", as: String.self) {
        case "running": state = .running
        case "stopped": state = .stopped
        case let other: state = .other(other)
        }
        exitStatus = try fields.optional("exitstatus")
    }

    public var isRunning: Bool { state == .running }

    /// Stopped with `OK` or `WARNINGS: N`.
    public var isSuccess: Bool { state == .stopped && Self.isSuccessExitStatus(exitStatus) }

    /// Whether a task's exit status means success: `OK` or `WARNINGS: N`.
    public static func isSuccessExitStatus(_ status: String?) -> Bool {
        guard let status else { return false }
        return status == "OK" || status.hasPrefix("WARNINGS:")
    }
}

extension PVETaskStatus {
    /// The parsed UPID, if well-formed.
    public var parsedUPID: PVEUPID? { try? PVEUPID(parsing: upid) }
}
