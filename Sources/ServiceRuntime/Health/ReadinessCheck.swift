/// One condition a service must meet to be ready, named in `/readyz`: the broker connection,
/// a fresh collection, a writable journal…
public struct ReadinessCheck: Sendable {
    public let name: String
    private let problem: @Sendable () async -> String?

    /// A check that returns what is wrong, or `nil` when all is well.
    public init(_ name: String, problem: @escaping @Sendable () async -> String?) {
        self.name = name
        self.problem = problem
    }

    /// A check that passes when `probe` returns and fails with the error it throws.
    public init(_ name: String, probe: @escaping @Sendable () async throws -> Void) {
        self.init(name) {
            do {
                try await probe()
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    /// Runs the check. One that has not answered within `timeout` fails (and is cancelled).
    public func run(timeout: Duration) async -> ReadinessResult {
        enum Answer: Sendable {
            case checked(String?)
            case timedOut
        }
        let (answers, sink) = AsyncStream.makeStream(of: Answer.self)
        let problem = self.problem
        // Unstructured, so that a check stuck behind a busy resource cannot hold up the answer.
        let check = Task { sink.yield(.checked(await problem())) }
        let timer = Task {
            try await Task.sleep(for: timeout)
            sink.yield(.timedOut)
        }
        var iterator = answers.makeAsyncIterator()
        let answer = await iterator.next() ?? .timedOut
        sink.finish()
        timer.cancel()
        check.cancel()
        switch answer {
        case .checked(let problem): return ReadinessResult(name: name, problem: problem)
        case .timedOut: return ReadinessResult(name: name, problem: "no answer within \(timeout)")
        }
    }
}
