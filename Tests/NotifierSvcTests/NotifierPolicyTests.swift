import Contract
import Foundation
import HTTPTransport
import Testing

@testable import NotifierSvc

@Suite("Notifier delivery policy")
struct NotifierPolicyTests {
    typealias F = NotifierFixtures

    static let classifications: [(DestinationKind, Int, String)] = [
        (.slack, 200, "delivered"), (.discord, 204, "delivered"), (.slack, 500, "retry"), (.discord, 502, "retry"),
        (.webhook, 408, "retry"), (.slack, 400, "rejected"), (.slack, 403, "rejected"), (.discord, 401, "rejected"),
        (.discord, 404, "gone"), (.slack, 404, "gone"), (.slack, 410, "gone"), (.discord, 410, "rejected"),
        (.ntfy, 404, "rejected"), (.gotify, 401, "rejected"), (.webhook, 404, "rejected"), (.discord, 429, "rate_limited"),
    ]

    @Test(
        "HTTP answers are classified: 2xx done, 5xx/408 retried, 404/410 gone per service, other 4xx never retried",
        arguments: classifications)
    func classify(kind: DestinationKind, status: Int, expected: String) {
        let verdict = DeliveryVerdict.classify(HTTPResponse(status: status), kind: kind)
        #expect(verdict.name == expected)
    }

    @Test("429 waits for Retry-After, else Discord's retry_after, else a default; capped")
    func retryAfter() {
        #expect(
            DeliveryVerdict.classify(HTTPResponse(status: 429, headers: [("retry-after", "3")]), kind: .slack)
                == .rateLimited(seconds: 3, reason: "HTTP 429"))
        let discord = HTTPResponse(status: 429, body: Data(#"{"message":"You are being rate limited.","retry_after":1.25,"global":false}"#.utf8))
        #expect(DeliveryVerdict.retryAfter(discord) == 1.25)
        #expect(DeliveryVerdict.retryAfter(HTTPResponse(status: 429, headers: [("Retry-After", "999999")])) == DeliveryVerdict.longestRateLimit)
        #expect(DeliveryVerdict.retryAfter(HTTPResponse(status: 429)) == nil)
    }

    @Test("transport failures: timeouts and refused connections are retried, a bad URL is not")
    func transport() {
        #expect(DeliveryVerdict.classify(HTTPClientError(kind: .timeout, message: "", url: "")) == .retry(reason: "timeout"))
        #expect(
            DeliveryVerdict.classify(HTTPClientError(kind: .connectionFailed, curlCode: 7, message: "", url: ""))
                == .retry(reason: "connectionFailed (curl 7)"))
        #expect(DeliveryVerdict.classify(HTTPClientError(kind: .invalidURL, message: "", url: "")) == .rejected(reason: "invalidURL"))
    }

    @Test("backoff doubles per attempt, is capped and jittered between half and all of the step")
    func backoff() {
        let retry = RetrySettings(baseSeconds: 2, maxSeconds: 60, maxAttempts: 10)
        #expect(retry.delay(afterAttempt: 1, random: 1) == 2)
        #expect(retry.delay(afterAttempt: 1, random: 0) == 1)
        #expect(retry.delay(afterAttempt: 3, random: 1) == 8)
        #expect(retry.delay(afterAttempt: 20, random: 1) == 60)
        #expect(retry.delay(afterAttempt: 20, random: 0) == 30)
    }

    @Test("the sliding window never allows more than N requests in any window, and honours a pause")
    func limiter() {
        var limiter = SlidingWindowLimiter(limit: RateLimit(requests: 5, perSeconds: 2))
        var now = F.at
        var sent: [Date] = []
        for _ in 0..<40 {
            now = limiter.nextAllowed(after: now)
            limiter.record(now)
            sent.append(now)
            now = now.addingTimeInterval(0.05)
        }
        for (index, start) in sent.enumerated() {
            let inWindow = sent[index...].prefix { $0.timeIntervalSince(start) < 2 }.count
            #expect(inWindow <= 5)
        }
        limiter.pause(until: now.addingTimeInterval(30))
        #expect(limiter.nextAllowed(after: now) == now.addingTimeInterval(30))
    }

    @Test("coalescing: a lone event goes at once; events within the window wait and go together")
    func coalescing() {
        let now = F.at
        #expect(CoalescingPolicy.decide(pending: 1, lastSent: nil, now: now, window: 10) == .send(count: 1))
        #expect(
            CoalescingPolicy.decide(pending: 40, lastSent: now.addingTimeInterval(-3), now: now, window: 10)
                == .wait(until: now.addingTimeInterval(7)))
        #expect(CoalescingPolicy.decide(pending: 40, lastSent: now.addingTimeInterval(-10), now: now, window: 10) == .send(count: 40))
        #expect(CoalescingPolicy.decide(pending: 400, lastSent: nil, now: now, window: 10) == .send(count: CoalescingPolicy.maxBatch))
        #expect(CoalescingPolicy.decide(pending: 40, lastSent: now, now: now, window: 0) == .send(count: 1))
    }

    @Test("routing: toggles by type pattern, exclusions, minimum severity, clusters, enabled")
    func routing() {
        var destination = F.destination("d", .discord)
        destination.events = ["migrations.*", "collector.collection_failed"]
        destination.excludeEvents = ["migrations.started"]
        destination.minSeverity = .info
        #expect(destination.accepts(F.migration("completed")))
        #expect(!destination.accepts(F.migration("started")))
        #expect(destination.accepts(F.collector()))
        #expect(!destination.accepts(F.collector("recovered", severity: .info)))
        destination.minSeverity = .warning
        #expect(!destination.accepts(F.migration("completed")))
        #expect(destination.accepts(F.migration("failed", severity: .critical)))
        destination.clusters = ["other"]
        #expect(!destination.accepts(F.migration("failed", severity: .critical)))
        destination.clusters = []
        destination.enabled = false
        #expect(!destination.accepts(F.migration("failed", severity: .critical)))
        #expect(EventType.problem(in: "bogus.*") != nil)
        #expect(EventType.problem(in: "capacity.n_plus_one") == nil)
    }

    @Test("the notifier's news about a destination never goes to that destination")
    func noLoops() {
        let failure = DeliveryFailure(destination: F.destination("d", .discord), events: [F.migration()], reason: "HTTP 400", gone: false)
        let event = NotifierEvents.deliveryFailed(failure, at: F.at)
        #expect(!NotifierEvents.mayRoute(event, to: "d"))
        #expect(NotifierEvents.mayRoute(event, to: "other"))
    }

    @Test("availability: topics parsed, transitions announced, first sight and repeats silent")
    func availability() throws {
        let perCluster = try #require(AvailabilityTransition.parse(topic: "pb/demo/collector/availability", base: "pb"))
        #expect(perCluster.service == .collector && perCluster.cluster == "demo")
        let busWide = try #require(AvailabilityTransition.parse(topic: "pb/scoring/availability", base: "pb"))
        #expect(busWide.service == .scoring && busWide.cluster == nil)
        #expect(AvailabilityTransition.parse(topic: "pb/demo/notifier/availability", base: "pb") == nil)
        #expect(AvailabilityTransition.parse(topic: "pb/demo/events/collector", base: "pb") == nil)

        #expect(AvailabilityTransition.event(service: .collector, cluster: "demo", state: "online", previous: nil, at: F.at) == nil)
        #expect(AvailabilityTransition.event(service: .collector, cluster: "demo", state: "online", previous: "online", at: F.at) == nil)
        let offline = try #require(AvailabilityTransition.event(service: .collector, cluster: "demo", state: "offline", previous: "online", at: F.at))
        #expect(offline.kind == "service_offline" && offline.severity == .warning && offline.cluster == "demo")
        let online = try #require(AvailabilityTransition.event(service: .scoring, cluster: nil, state: "online", previous: "offline", at: F.at))
        #expect(online.kind == "service_online" && online.severity == .info && online.cluster == "all")
    }
}

@Suite("Notifier topics")
struct NotifierTopicsTests {
    @Test("serving every cluster: wildcard filters and bus-wide settings; one cluster: everything under {b}")
    func topics() {
        let every = NotifierTopics(base: "pb", cluster: nil)
        #expect(every.events == "pb/+/events/#")
        #expect(every.clusterAvailability == "pb/+/+/availability")
        #expect(every.busAvailability == "pb/+/availability")
        #expect(every.settingsSet == "pb/notifier/settings/set")
        #expect(every.request("test") == "pb/notifier/request/test")
        #expect(every.notifierEvents(cluster: "demo") == "pb/demo/events/notifier")
        let one = NotifierTopics(base: "pb", cluster: "demo")
        #expect(one.events == "pb/demo/events/#")
        #expect(one.clusterAvailability == "pb/demo/+/availability")
        #expect(one.settings == "pb/demo/notifier/settings")
        #expect(one.response("status") == "pb/demo/notifier/response/status")
    }
}
