import Contract
import Foundation
import HTTPTransport
import Logging
import Synchronization
import TestSupport
import Testing

@testable import NotifierSvc

/// The delivery workers against a stub HTTP client: what is retried, given up and reported.
@Suite("Notifier delivery workers")
struct NotifierDeliveryTests {
    typealias F = NotifierFixtures

    /// Answers every request with the next status of a script (the last one repeats).
    final class StubClient: HTTPClient {
        private let statuses: Mutex<[Int]>
        private let sent = Mutex(0)

        init(_ statuses: [Int]) { self.statuses = Mutex(statuses) }

        var requests: Int { sent.withLock { $0 } }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            sent.withLock { $0 += 1 }
            let status = statuses.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
            return HTTPResponse(status: status, body: Data("stub".utf8))
        }
    }

    final class Reports: Sendable {
        private let value = Mutex<[DeliveryFailure]>([])
        var all: [DeliveryFailure] { value.withLock { $0 } }
        func add(_ failure: DeliveryFailure) { value.withLock { $0.append(failure) } }
    }

    /// Runs a dispatcher for one destination with `statuses` until `done` holds for the outbox.
    func deliver(
        _ events: [BusEvent], kind: DestinationKind = .webhook, statuses: [Int], maxAttempts: Int = 3,
        until done: @escaping @Sendable ([String: Int]) -> Bool
    ) async throws -> (StubClient, Reports, [String: Int]) {
        let directory = try TemporaryDirectory(prefix: "notifier-delivery")
        defer { directory.remove() }
        var logger = Logger(label: "delivery-test")
        logger.logLevel = .critical
        let outbox = Outbox(database: try NotifierDatabase.open(directory: directory.path, logger: logger))
        for event in events { try await outbox.enqueue(event, for: ["d"], at: Date()) }
        let client = StubClient(statuses)
        let reports = Reports()
        let settings = SettingsBox(
            NotifierSettings(
                destinations: [Destination(id: "d", kind: kind, url: "https://example.com/hook")], coalesceWindowSeconds: 0,
                retry: RetrySettings(baseSeconds: 0.01, maxSeconds: 0.02, maxAttempts: maxAttempts)))
        let dispatcher = DeliveryDispatcher(
            outbox: outbox, settings: settings, makeClient: { _ in client }, report: { reports.add($0) }, logger: logger)
        await dispatcher.sync()
        let deadline = ContinuousClock.now + .seconds(10)
        var counts: [String: Int] = [:]
        while ContinuousClock.now < deadline {
            counts = try await outbox.counts()["d"] ?? [:]
            if done(counts) { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        await dispatcher.stop()
        return (client, reports, counts)
    }

    @Test("5xx is retried until max_attempts, then given up and reported once")
    func exhausted() async throws {
        let (client, reports, counts) = try await deliver([F.migration()], statuses: [500], maxAttempts: 3) { $0["dead"] == 1 }
        #expect(counts == ["dead": 1])
        #expect(client.requests == 3)
        #expect(reports.all.count == 1)
        #expect(reports.all.first?.reason.contains("gave up after 3 attempts") == true)
        #expect(reports.all.first?.gone == false)
    }

    @Test("a 500 then 200 delivers after one retry, unreported")
    func recovers() async throws {
        let (client, reports, counts) = try await deliver([F.migration()], statuses: [500, 200]) { $0["delivered"] == 1 }
        #expect(counts == ["delivered": 1])
        #expect(client.requests == 2)
        #expect(reports.all.isEmpty)
    }

    @Test("another 4xx is never retried")
    func rejected() async throws {
        let (client, reports, counts) = try await deliver([F.migration(), F.migration(vmid: 2)], statuses: [400, 200]) {
            $0["dead"] == 1 && $0["delivered"] == 1
        }
        #expect(counts == ["dead": 1, "delivered": 1])
        #expect(client.requests == 2)
        #expect(reports.all.map(\.reason) == ["HTTP 400: stub"])
    }

    @Test("a gone Discord webhook is reported as gone and its worker stops")
    func gone() async throws {
        let (client, reports, _) = try await deliver([F.migration(), F.migration(vmid: 2)], kind: .discord, statuses: [404]) { $0["dead"] == 1 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(client.requests == 1)
        #expect(reports.all.count == 1 && reports.all[0].gone)
    }
}
