/// Runs `operation`, cancelling it and throwing `timeoutError` when it takes longer than `timeout`.
func withMQTTTimeout<T: Sendable>(
    _ timeout: Duration, error timeoutError: @autoclosure @escaping @Sendable () -> MQTTError,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw timeoutError()
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw timeoutError() }
        return result
    }
}
