import Contract

/// The `ReplyError` `body` throws, or `nil` when it succeeds: for tests of refusals.
public func replyError<T>(_ body: () throws(ReplyError) -> T) -> ReplyError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
