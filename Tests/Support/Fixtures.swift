import Foundation

/// The real Proxmox VE API answers (provenance in `SOURCES.md`): the team's shared folder next
/// to the package root (`<root>/../shared/pve-fixtures/real`) when it is there, else the copy
/// vendored in `Tests/Fixtures/pve-real` so a clone on its own still runs every test.
///
/// File names ending in `.data.json` hold only the value of `data`; the other `.json` files are
/// whole `{"data": …}` bodies; `.txt` files are task logs.
public enum Fixtures {
    /// The fixture folder.
    public static var directory: URL {
        // <root>/Tests/Support/Fixtures.swift → <root>
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/pve-fixtures/real", isDirectory: true)
        if FileManager.default.fileExists(atPath: shared.path) { return shared }
        return root.appendingPathComponent("Tests/Fixtures/pve-real", isDirectory: true)
    }

    /// The URL of one fixture file.
    public static func url(_ name: String) -> URL {
        directory.appendingPathComponent(name, isDirectory: false)
    }

    /// Whether the file holds only the `data` value (its name ends in `.data.json`).
    public static func isDataOnly(_ name: String) -> Bool {
        name.hasSuffix(".data.json")
    }

    /// The file's bytes. With `envelope: true`, a `data`-only file is wrapped as
    /// `{"data": <file>}` so it reads like a whole API body; whole bodies are returned unchanged.
    public static func data(_ name: String, envelope: Bool = false) throws -> Data {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url(name))
        } catch {
            throw FixtureError(name: name, path: url(name).path, reason: "cannot be read (\(error.localizedDescription))")
        }
        guard envelope, isDataOnly(name) else { return bytes }
        return Data("{\"data\":".utf8) + bytes + Data("}".utf8)
    }

    /// The file as UTF-8 text.
    public static func text(_ name: String) throws -> String {
        let bytes = try data(name)
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw FixtureError(name: name, path: url(name).path, reason: "is not UTF-8")
        }
        return text
    }

    /// Every fixture file name (sorted), without `SOURCES.md`.
    public static func allNames() throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw FixtureError(name: "", path: directory.path, reason: "folder cannot be listed (\(error.localizedDescription))")
        }
        return names.filter { $0 != "SOURCES.md" && !$0.hasPrefix(".") }.sorted()
    }
}

/// A fixture that could not be loaded.
public struct FixtureError: Error, CustomStringConvertible {
    public let name: String
    public let path: String
    public let reason: String

    public var description: String { "fixture \(name.isEmpty ? path : name) at \(path) \(reason)" }
}
