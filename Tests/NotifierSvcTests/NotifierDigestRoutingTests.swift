import Contract
import Foundation
import Testing

@testable import NotifierSvc

/// Scoring's weekly `digest` is an ordinary `recommendations` event: routed like the others.
@Suite("Notifier: the weekly digest")
struct NotifierDigestRoutingTests {
    typealias F = NotifierFixtures

    let digest = BusEvent(
        cluster: "lab", category: .recommendations, kind: "digest", severity: .info, at: Date(timeIntervalSince1970: 1_800_000_000),
        title: "lab: weekly summary", message: "Last 7 days: 4 moves proposed, 3 executed (75 %).",
        details: [.init("proposed", "4"), .init("executed", "3")])

    @Test("selected by the default filter, by its category and by its type; left out when excluded or above info")
    func routing() {
        var destination = F.destination("d", .discord)
        #expect(destination.accepts(digest))
        destination.events = ["recommendations.*"]
        #expect(destination.accepts(digest))
        destination.events = ["recommendations.digest"]
        #expect(destination.accepts(digest))
        destination.events = ["*"]
        destination.excludeEvents = ["recommendations.digest"]
        #expect(!destination.accepts(digest))
        destination.excludeEvents = []
        destination.minSeverity = .warning
        #expect(!destination.accepts(digest))
        #expect(EventType.problem(in: "recommendations.digest") == nil)
    }
}
