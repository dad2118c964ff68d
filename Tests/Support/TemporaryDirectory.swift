import Foundation

/// A fresh, uniquely named directory under the system temp folder, deleted with everything in
/// it on `remove()` or when the object goes away. Safe for parallel tests. The object may go
/// away right after its last use: keep it in a suite's stored property, call `remove()` in a
/// `defer`, or use `withTemporaryDirectory`. (Swift 6.3 can call the wrong closure when an
/// `#expect(throws:) { }` sits inside another closure, so prefer the first two in tests.)
public final class TemporaryDirectory: Sendable {
    /// Absolute path of the directory.
    public let path: String

    /// Creates the directory; `prefix` makes leftovers recognisable (`pb-sqlite-XXXXXX`).
    public init(prefix: String = "pb-test") throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap(mkdtemp) }) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: base])
        }
        path = String(cString: created)
    }

    deinit {
        remove()
    }

    /// The URL of the directory.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The path of `name` inside the directory (the file is not created).
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Deletes the directory and its contents now; later calls do nothing.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a fresh temporary directory, deleted afterwards even when `body` throws.
public func withTemporaryDirectory<T>(
    prefix: String = "pb-test", _ body: (TemporaryDirectory) async throws -> T
) async throws -> T {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { directory.remove() }
    return try await body(directory)
}

/// The synchronous form of `withTemporaryDirectory`.
public func withTemporaryDirectory<T>(prefix: String = "pb-test", _ body: (TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { directory.remove() }
    return try body(directory)
}
