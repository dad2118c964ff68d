import Contract
import Foundation
import Logging
import SQLite
import TestSupport
import Testing

@testable import NotifierSvc

@Suite("Notifier outbox")
struct NotifierOutboxTests {
    typealias F = NotifierFixtures
    let logger: Logger = {
        var logger = Logger(label: "outbox-test")
        logger.logLevel = .warning
        return logger
    }()

    @Test("an event is queued once per destination, however often it arrives, and survives reopening")
    func idempotent() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-outbox")
        defer { directory.remove() }
        let event = F.migration()
        do {
            let outbox = Outbox(database: try NotifierDatabase.open(directory: directory.path, logger: logger))
            #expect(try await outbox.enqueue(event, for: ["a", "b"], at: F.at) == ["a", "b"])
            #expect(try await outbox.enqueue(event, for: ["a", "b"], at: F.at).isEmpty)
        }
        let reopened = Outbox(database: try NotifierDatabase.open(directory: directory.path, logger: logger))
        #expect(try await reopened.enqueue(event, for: ["a"], at: F.at).isEmpty)
        let due = try await reopened.due("a", at: F.at, limit: 10)
        #expect(due.map(\.event) == [event])
        #expect(try await reopened.counts() == ["a": ["pending": 1], "b": ["pending": 1]])
    }

    @Test("retries wait for their time, then delivered and dead items leave the queue and are purged later")
    func lifecycle() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-outbox")
        defer { directory.remove() }
        let outbox = Outbox(database: try NotifierDatabase.open(directory: directory.path, logger: logger))
        let first = F.migration(vmid: 1)
        let second = F.migration(vmid: 2)
        try await outbox.enqueue(first, for: ["a"], at: F.at)
        try await outbox.enqueue(second, for: ["a"], at: F.at)
        let due = try await outbox.due("a", at: F.at, limit: 10)
        #expect(due.map(\.event.id) == [first.id, second.id])

        try await outbox.markRetry([due[0].id], error: "HTTP 500", next: F.at.addingTimeInterval(30))
        #expect(try await outbox.due("a", at: F.at, limit: 10).map(\.event.id) == [second.id])
        #expect(try await outbox.nextDue("a") == F.at)
        try await outbox.markDelivered([due[1].id], at: F.at)
        #expect(try await outbox.nextDue("a") == F.at.addingTimeInterval(30))
        let retried = try #require(try await outbox.due("a", at: F.at.addingTimeInterval(30), limit: 10).first)
        #expect(retried.attempts == 1 && retried.lastError == "HTTP 500")

        try await outbox.markDead([retried.id], error: "HTTP 400", at: F.at)
        #expect(try await outbox.nextDue("a") == nil)
        #expect(try await outbox.counts() == ["a": ["delivered": 1, "dead": 1]])
        #expect(try await outbox.purge(finishedBefore: F.at.addingTimeInterval(1)) == 2)
    }

    @Test("abandoning a destination gives up its pending items only")
    func abandon() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-outbox")
        defer { directory.remove() }
        let outbox = Outbox(database: try NotifierDatabase.open(directory: directory.path, logger: logger))
        try await outbox.enqueue(F.migration(vmid: 1), for: ["a", "b"], at: F.at)
        #expect(try await outbox.abandon(destination: "a", reason: "removed", at: F.at) == 1)
        #expect(try await outbox.counts() == ["a": ["dead": 1], "b": ["pending": 1]])
    }

    @Test("settings and availability states persist")
    func state() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-outbox")
        defer { directory.remove() }
        let database = try NotifierDatabase.open(directory: directory.path, logger: logger)
        let store = NotifierStateStore(database: database)
        #expect(try await store.loadSettings() == nil)
        let settings = NotifierSettings(destinations: [F.destination("a", .slack)], coalesceWindowSeconds: 0)
        try await store.saveSettings(settings, fileHash: "abc", at: F.at)
        #expect(try await store.loadSettings() == settings)
        #expect(try await store.appliedFileHash() == "abc")
        try await database.write(NotifierStateStore.storeAvailability("pb/demo/collector/availability", "online", at: F.at))
        #expect(try await store.availability("pb/demo/collector/availability") == "online")
    }
}
