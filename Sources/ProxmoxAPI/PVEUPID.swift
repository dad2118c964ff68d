import Foundation

/// A Proxmox task id, `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:` (hex pid,
/// pstart and starttime; `id` may be empty; `user` includes `!tokenid` for token-started tasks;
/// always a trailing colon). Tasks must be queried on the node embedded here.
public struct PVEUPID: Sendable, Hashable, CustomStringConvertible {
    public let node: String
    public let pid: Int
    public let pstart: Int
    /// When the task started (from the hex epoch seconds).
    public let startTime: Date
    /// `qmigrate`, `vzmigrate`, `hamigrate`, `vzdump`, …
    public let type: String
    /// Usually the vmid; may be empty.
    public let id: String
    /// `root@pam` or `root@pam!tokenid`.
    public let user: String
    /// The exact string, as Proxmox sent it (or as formatted by the memberwise init).
    public let rawValue: String

    /// Parses a UPID; throws an error naming the malformed part.
    public init(parsing text: String) throws(PVEUPIDError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.first == "UPID" else { throw PVEUPIDError(text, "it does not start with 'UPID:'") }
        guard parts.count == 9, parts[8].isEmpty else {
            throw PVEUPIDError(text, "expected 8 colon-terminated fields (UPID:node:pid:pstart:starttime:type:id:user:)")
        }
        let node = String(parts[1])
        guard !node.isEmpty, node.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw PVEUPIDError(text, "the node name is empty or not [A-Za-z0-9-]")
        }
        guard parts[2].count == 8, let pid = Int(parts[2], radix: 16) else { throw PVEUPIDError(text, "the pid is not 8 hex digits") }
        guard (8...9).contains(parts[3].count), let pstart = Int(parts[3], radix: 16) else {
            throw PVEUPIDError(text, "pstart is not 8–9 hex digits")
        }
        guard parts[4].count == 8, let start = Int(parts[4], radix: 16) else {
            throw PVEUPIDError(text, "the start time is not 8 hex digits")
        }
        guard !parts[5].isEmpty else { throw PVEUPIDError(text, "the task type is empty") }
        guard !parts[7].isEmpty else { throw PVEUPIDError(text, "the user is empty") }
        self.node = node
        self.pid = pid
        self.pstart = pstart
        self.startTime = Date(timeIntervalSince1970: TimeInterval(start))
        self.type = String(parts[5])
        self.id = String(parts[6])
        self.user = String(parts[7])
        self.rawValue = text
    }

    /// Formats a UPID from its parts (upper-case hex, as Proxmox writes it).
    public init(node: String, pid: Int, pstart: Int, startTime: Date, type: String, id: String, user: String) {
        self.node = node
        self.pid = pid
        self.pstart = pstart
        self.startTime = startTime
        self.type = type
        self.id = id
        self.user = user
        let start = Int(startTime.timeIntervalSince1970.rounded(.down))
        rawValue = "UPID:\(node):\(Self.hex(pid)):\(Self.hex(pstart)):\(Self.hex(start)):\(type):\(id):\(user):"
    }

    /// The user without token (`root@pam`).
    public var userID: String { String(user.prefix { $0 != "!" }) }

    /// The token name when a token started the task.
    public var tokenName: String? {
        guard let bang = user.firstIndex(of: "!") else { return nil }
        return String(user[user.index(after: bang)...])
    }

    public var description: String { rawValue }

    private static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

extension PVEUPID: Decodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}

/// Why a UPID string was rejected.
public struct PVEUPIDError: Error, Sendable, Hashable, CustomStringConvertible {
    public let upid: String
    public let reason: String

    init(_ upid: String, _ reason: String) {
        self.upid = upid
        self.reason = reason
    }

    public var description: String { "invalid UPID '\(upid)': \(reason)" }
}
