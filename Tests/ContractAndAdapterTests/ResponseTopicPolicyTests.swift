import Contract
import Testing

/// Where a service may answer (`ResponseTopicPolicy`), as `docs/mqtt-api.md` defines and the
/// generated ACL grants.
@Suite("Response topic policy")
struct ResponseTopicPolicyTests {
    static let scoring = ResponseTopicPolicy(base: "pbtest", service: .scoring)

    @Test(
        "inboxes and the service's own fallback topics are allowed",
        arguments: [
            (ResponseTopicPolicy(base: "pbtest", service: .scoring), "pbtest/clients/operator/responses/1"),
            (ResponseTopicPolicy(base: "pbtest", service: .scoring), "pbtest/clients/console/responses/a/b/c"),
            (ResponseTopicPolicy(base: "pbtest", service: .scoring), "pbtest/clients/console/responses"),
            (ResponseTopicPolicy(base: "pbtest", service: .scoring), "pbtest/lab/scoring/response/cli"),
            (ResponseTopicPolicy(base: "pbtest", service: .executor), "pbtest/lab/executor/response/migrate"),
            (ResponseTopicPolicy(base: "pbtest", service: .notifier), "pbtest/notifier/response/test"),
            (ResponseTopicPolicy(base: "pbtest", service: .notifier), "pbtest/lab/notifier/response/status"),
            (ResponseTopicPolicy(base: "home/pb", service: .executor), "home/pb/clients/homeassistant/responses/x"),
            (ResponseTopicPolicy(base: "home/pb", service: .executor), "home/pb/lab/executor/response/cli"),
        ])
    func allowed(policy: ResponseTopicPolicy, topic: String) {
        #expect(policy.check(topic) == .allowed)
    }

    @Test(
        "a topic outside those places is refused with the reason",
        arguments: [
            ("pbtest/elsewhere/replies/1", "lies outside the places the broker lets scoring answer"),
            ("test/responses/1", "lies outside the places"),
            ("pbtest/lab/executor/response/migrate", "is the fallback topic of executor, not of scoring"),
            ("pbtest/clients/operator/inbox/1", "is not an inbox: answers go to pbtest/clients/<username>/responses/…"),
            ("pbtest/clients/operator", "is not an inbox"),
            ("pbtest/lab/scoring/response/a/b", "lies outside"),
            ("pbtest/scoring/response/cli", "lies outside"),
            ("pbtest/clients/+/responses/1", "holds a wildcard"),
            ("pbtest/#", "holds a wildcard"),
            ("", "is empty"),
        ])
    func refused(topic: String, reason: String) throws {
        guard case .refused(let text, let prefix) = Self.scoring.check(topic) else {
            Issue.record("\(topic) was allowed")
            return
        }
        #expect(text.contains(reason), "\(text)")
        #expect(prefix == ResponseTopicPolicy.prefix(of: topic))
    }

    @Test("a refusal names the places a service may answer, and the console answers nowhere")
    func reasons() throws {
        let executor = ResponseTopicPolicy(base: "pb", service: .executor)
        #expect(
            executor.check("x/y")
                == .refused(
                    reason: "the response topic 'x/y' lies outside the places the broker lets executor answer: "
                        + "pb/clients/<username>/responses/… or pb/<cluster>/executor/response/<op>", prefix: "x"))
        let notifier = ResponseTopicPolicy(base: "pb", service: .notifier)
        guard case .refused(let reason, _) = notifier.check("x") else {
            Issue.record("x was allowed")
            return
        }
        #expect(reason.hasSuffix("pb/clients/<username>/responses/… or pb/[<cluster>/]notifier/response/<op>"))
        let console = ResponseTopicPolicy(base: "pb", service: .web)
        #expect(console.allowedFilters.isEmpty)
        #expect(console.check("pb/clients/operator/responses/1") != .allowed)
        let collector = ResponseTopicPolicy(base: "pb", service: .collector)
        #expect(collector.check("pb/clients/svc-scoring/responses/scoring/1") == .allowed)
        #expect(collector.check("pb/lab/collector/response/rrd") == .allowed)
    }

    @Test("a refusal is remembered by the topic without its last level")
    func prefixes() {
        #expect(ResponseTopicPolicy.prefix(of: "a/b/c") == "a/b")
        #expect(ResponseTopicPolicy.prefix(of: "a") == "a")
        #expect(ResponseTopicPolicy.prefix(of: "a/") == "a")
    }

    @Test("the allowed places are exactly the answer topics the generated ACL lets each service write", arguments: ServiceName.allCases)
    func agreesWithACL(service: ServiceName) throws {
        let account = service == .web ? "console" : "svc-\(service.rawValue)"
        let generated = try DeployedACLTests.generate(base: "home/pb", accounts: [account])
        try #require(generated.status == 0)
        let writes = generated.acl.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("topic write ") || line.hasPrefix("topic readwrite ") else { return nil }
            return String(line.split(separator: " ").last!)
        }
        let answerPlaces = writes.filter { $0.contains("/response/") || $0.contains("/responses/") }
        #expect(Set(ResponseTopicPolicy(base: "home/pb", service: service).allowedFilters) == Set(answerPlaces))
    }
}
