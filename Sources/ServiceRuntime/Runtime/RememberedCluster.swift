import Contract
import Foundation
import Logging

/// The cluster id a service last learned from Proxmox, kept in `<data_dir>/<service>.cluster`
/// so that a later start that cannot reach Proxmox still announces itself where subscribers
/// look.
public struct RememberedCluster: Sendable {
    /// The file holding the id (one line).
    public let path: String

    public init(directory: String, service: ServiceName) {
        path = URL(fileURLWithPath: directory).appendingPathComponent("\(service.rawValue).cluster").path
    }

    /// The remembered id; `nil` when there is none or the file does not hold a valid topic level
    /// (which is logged).
    public func load(logger: Logger) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            logger.warning("remembered cluster id unreadable; ignored", metadata: ["file": "\(path)"])
            return nil
        }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Topics.isValidLevel(id) else {
            logger.warning("remembered cluster id is not a valid topic level; ignored", metadata: ["file": "\(path)"])
            return nil
        }
        return id
    }

    /// Remembers `cluster` (creating the data directory if needed).
    public func save(_ cluster: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((cluster + "\n").utf8).write(to: url, options: .atomic)
    }
}
