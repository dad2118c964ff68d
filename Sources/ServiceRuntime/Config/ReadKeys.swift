import Synchronization

/// The dotted keys a `ConfigSource` was asked for, shared by its copies: what the program
/// that reads them knows.
final class ReadKeys: Sendable {
    private let keys = Mutex<Set<String>>([])

    func insert(_ key: String) {
        keys.withLock { _ = $0.insert(key) }
    }

    var all: Set<String> { keys.withLock { $0 } }
}
