import ConsoleCore
import Foundation
import ServiceRuntime

/// The users file on disk, read again whenever its modification time or size changes.
struct AccountFile: Sendable {
    let path: String

    /// The file's identity for change detection: modification time and size.
    func stamp() -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(modified)/\(attributes[.size] as? Int ?? -1)"
    }

    /// The accounts in the file.
    /// - Throws: `ConfigurationError` when it cannot be read or a line is wrong.
    func load() throws -> [Account] {
        let setting = ConfigSource.environmentName("web.users_file")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: setting, problem: "cannot read \(path)")
        }
        do {
            return try UsersFile.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(setting: setting, problem: "\(path): \(error)")
        }
    }
}
