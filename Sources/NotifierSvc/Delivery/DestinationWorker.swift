import Contract
import Foundation
import HTTPTransport
import Logging
import Primitives

/// Delivers the outbox of one destination, alone, so a slow or broken destination never
/// delays the others: waits for due items, groups them (`CoalescingPolicy`), keeps to the rate
/// limit, sends, and records the outcome (`DeliveryVerdict`). Ends when the destination is
/// removed or disabled, or when cancelled.
struct DestinationWorker: Sendable {
    let id: String
    let outbox: Outbox
    let settings: SettingsBox
    let client: any HTTPClient
    let bell: Doorbell
    let clock: @Sendable () -> Date
    let report: @Sendable (DeliveryFailure) async -> Void
    let metrics: DestinationMetrics
    let logger: Logger

    func run() async {
        guard let initial = settings.current.destination(id) else { return }
        var limiter = SlidingWindowLimiter(limit: initial.effectiveRateLimit)
        var lastSent: Date?
        while !Task.isCancelled {
            let current = settings.current
            guard let destination = current.destination(id), destination.enabled else { return }
            limiter.limit = destination.effectiveRateLimit
            let now = clock()
            let allowed = limiter.nextAllowed(after: now)
            if allowed > now {
                try? await Task.sleep(for: .milliseconds(Int((allowed.timeIntervalSince(now) * 1000).rounded(.up))))
                continue
            }
            let due: [OutboxItem]
            do {
                // Without coalescing only the oldest item is sent: no need to read more.
                due = try await outbox.due(id, at: now, limit: current.coalesceWindowSeconds > 0 ? CoalescingPolicy.maxBatch : 1)
            } catch {
                logger.error("outbox not readable", metadata: ["destination": "\(id)", "error": "\(error)"])
                await bell.wait(until: now.addingTimeInterval(1))
                continue
            }
            guard !due.isEmpty else {
                let next = (try? await outbox.nextDue(id)) ?? nil
                await bell.wait(until: next ?? now.addingTimeInterval(300))
                continue
            }
            let count: Int
            switch CoalescingPolicy.decide(pending: due.count, lastSent: lastSent, now: now, window: current.coalesceWindowSeconds) {
            case .wait(let until):
                await bell.wait(until: until)
                continue
            case .send(let n):
                count = n
            }
            let batch = Array(due.prefix(count))
            lastSent = now
            let verdict = await send(batch, to: destination)
            metrics.attempted(verdict)
            // Counted from the answer, not the start: however long the request took to reach the
            // service, the next one cannot arrive inside its window.
            limiter.record(clock())
            guard !Task.isCancelled else { return }  // stopped mid-request: the items stay pending
            if case .rateLimited(let seconds, _) = verdict {
                limiter.pause(until: clock().addingTimeInterval(seconds))
            }
            if await record(verdict, for: batch, destination: destination, retry: current.retry) { return }
        }
    }

    private func send(_ batch: [OutboxItem], to destination: Destination) async -> DeliveryVerdict {
        let key = batch.count == 1 ? "\(batch[0].event.id):\(id)" : "\(batch[0].event.id)+\(batch.count - 1):\(id)"
        do {
            let request = try DeliveryRequest.make(Notification(events: batch.map(\.event)), to: destination, key: key)
            return DeliveryVerdict.classify(try await client.send(request), kind: destination.kind)
        } catch let error as EncodingError {
            return .rejected(reason: "payload not encodable: \(error)")
        } catch {
            return DeliveryVerdict.classify(error)
        }
    }

    /// Stores the outcome; returns true when the worker must stop (the webhook is gone).
    private func record(_ verdict: DeliveryVerdict, for batch: [OutboxItem], destination: Destination, retry: RetrySettings) async -> Bool {
        let now = clock()
        let ids = batch.map(\.id)
        var metadata: Logger.Metadata = ["destination": "\(id)", "events": "\(batch.count)"]
        do {
            switch verdict {
            case .delivered:
                try await outbox.markDelivered(ids, at: now)
                logger.debug("delivered", metadata: metadata)
            case .rateLimited(let seconds, let reason):
                metadata["retry_after_s"] = "\(seconds)"
                metadata["reason"] = "\(reason)"
                logger.notice("rate limited by the destination; pausing it", metadata: metadata)
            case .retry(let reason):
                let exhausted = batch.filter { $0.attempts + 1 >= retry.maxAttempts }
                let again = batch.filter { $0.attempts + 1 < retry.maxAttempts }
                for item in again {
                    let delay = retry.delay(afterAttempt: item.attempts + 1, random: Double.random(in: 0...1))
                    try await outbox.markRetry([item.id], error: reason, next: now.addingTimeInterval(delay))
                }
                metrics.retrying(again.count)
                metadata["reason"] = "\(reason)"
                logger.warning("delivery failed; will retry", metadata: metadata)
                if !exhausted.isEmpty {
                    let why = "\(reason) (gave up after \(retry.maxAttempts) attempts)"
                    try await outbox.markDead(exhausted.map(\.id), error: why, at: now)
                    await report(DeliveryFailure(destination: destination, events: exhausted.map(\.event), reason: why, gone: false))
                }
            case .rejected(let reason):
                try await outbox.markDead(ids, error: reason, at: now)
                metadata["reason"] = "\(reason)"
                logger.error("delivery rejected by the destination; not retried", metadata: metadata)
                await report(DeliveryFailure(destination: destination, events: batch.map(\.event), reason: reason, gone: false))
            case .gone(let reason):
                try await outbox.markDead(ids, error: reason, at: now)
                metadata["reason"] = "\(reason)"
                logger.error("webhook is gone; disabling the destination", metadata: metadata)
                await report(DeliveryFailure(destination: destination, events: batch.map(\.event), reason: reason, gone: true))
                return true
            }
        } catch {
            logger.error("delivery outcome not stored", metadata: ["destination": "\(id)", "error": "\(error)"])
        }
        return false
    }
}
