import Primitives

extension SQLiteDatabase {
    /// Runs `body` on the database's serial queue, so async callers never block the cooperative
    /// pool. For reads; each statement sees the latest committed data.
    public func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await queue.run { try body(self) }
    }

    /// Runs `body` in one transaction on the database's serial queue: all its changes land
    /// together, or none if it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await queue.run { try self.transaction { try body(self) } }
    }
}
