import Contract
import Foundation

/// The events the notifier publishes on `{b}/events/notifier` about its own deliveries.
public enum NotifierEvents {
    /// `delivery_failed` (warning): messages to a destination were given up.
    public static func deliveryFailed(_ failure: DeliveryFailure, at: Date) -> BusEvent {
        let first = failure.events[0]
        let count = failure.events.count
        let what = count == 1 ? "“\(first.title)”" : "\(count) messages"
        return BusEvent(
            cluster: first.cluster, category: .notifier, kind: "delivery_failed", severity: .warning, at: at,
            title: "Notification to \(failure.destination.id) failed",
            message: "\(what) could not be delivered to \(failure.destination.id) (\(failure.destination.kind.rawValue)): \(failure.reason)",
            details: details(failure) + [.init("event_id", first.id)])
    }

    /// `destination_disabled` (critical): the webhook is gone, the destination was switched off.
    public static func destinationDisabled(_ failure: DeliveryFailure, at: Date) -> BusEvent {
        BusEvent(
            cluster: failure.events[0].cluster, category: .notifier, kind: "destination_disabled", severity: .critical, at: at,
            title: "Notifications to \(failure.destination.id) disabled",
            message:
                "The \(failure.destination.kind.rawValue) webhook of \(failure.destination.id) no longer exists (\(failure.reason)); nothing more is sent to it.",
            details: details(failure))
    }

    /// The test message of a `test` request.
    public static func test(destination: String, cluster: String, at: Date) -> BusEvent {
        BusEvent(
            cluster: cluster, category: .notifier, kind: "test", severity: .info, at: at, title: "ProxBalance test message",
            message: "If you can read this, notifications to \(destination) work.", details: [.init("destination", destination)])
    }

    private static func details(_ failure: DeliveryFailure) -> [BusEvent.DetailItem] {
        [
            .init("destination", failure.destination.id), .init("destination_kind", failure.destination.kind.rawValue),
            .init("reason", failure.reason), .init("events", "\(failure.events.count)"),
        ]
    }

    /// Whether `destination` may receive `event`: never the notifier's news about itself, so a
    /// broken destination does not feed on its own failures.
    static func mayRoute(_ event: BusEvent, to destination: String) -> Bool {
        guard event.category == .notifier else { return true }
        return !event.details.contains { $0.name == "destination" && $0.value == destination }
    }
}
