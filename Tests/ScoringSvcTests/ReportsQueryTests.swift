import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("Reports: recommendation query, filters and pages")
struct ReportsQueryTests {
    typealias F = ServiceFixtures

    /// Ten moves: vmids 100…109, urgency cycling low/medium/high, confidence 50…95, even vmids
    /// to pve2 (qemu), odd to pve3 (lxc).
    let moves: [Recommendation] = (0..<10).map(Self.move)

    static func move(_ index: Int) -> Recommendation {
        let urgencies: [Urgency] = [.low, .medium, .high]
        let even = index % 2 == 0
        return F.move(
            100 + index, type: even ? .qemu : .lxc, to: even ? "pve2" : "pve3", step: index + 1, urgency: urgencies[index % 3],
            confidence: 50 + Double(index) * 5)
    }

    @Test("no filter: every move, default page of 50")
    func everything() throws {
        let page = try RecommendationQuery().page(of: moves)
        #expect(page.total == 10)
        #expect(page.offset == 0)
        #expect(page.limit == 50)
        #expect(page.items.map(\.vmid) == Array(100...109))
    }

    @Test("minimum urgency keeps that urgency and above")
    func urgency() throws {
        let page = try RecommendationQuery(urgency: .medium).page(of: moves)
        #expect(page.items.map(\.vmid) == [101, 102, 104, 105, 107, 108])
        #expect(try RecommendationQuery(urgency: .high).page(of: moves).items.map(\.vmid) == [102, 105, 108])
    }

    @Test("confidence, target and type filters combine")
    func combined() throws {
        #expect(try RecommendationQuery(minConfidence: 80).page(of: moves).items.map(\.vmid) == [106, 107, 108, 109])
        #expect(try RecommendationQuery(target: "pve3").page(of: moves).total == 5)
        #expect(try RecommendationQuery(type: .qemu).page(of: moves).items.allSatisfy { $0.type == .qemu })
        let page = try RecommendationQuery(urgency: .medium, minConfidence: 60, target: "pve2", type: .qemu).page(of: moves)
        #expect(page.items.map(\.vmid) == [102, 104, 108])
    }

    @Test("offset and limit page through the matches; total counts all matches")
    func pagination() throws {
        let second = try RecommendationQuery(offset: 3, limit: 3).page(of: moves)
        #expect(second.items.map(\.vmid) == [103, 104, 105])
        #expect(second.total == 10)
        let last = try RecommendationQuery(target: "pve2", offset: 4, limit: 3).page(of: moves)
        #expect(last.items.map(\.vmid) == [108])
        #expect(last.total == 5)
        #expect(try RecommendationQuery(offset: 50).page(of: moves).items.isEmpty)
    }

    @Test("out-of-range paging is refused naming the field", arguments: [(-1, 10, "offset"), (0, 0, "limit"), (0, 501, "limit")])
    func invalidPaging(offset: Int, limit: Int, field: String) {
        do {
            _ = try RecommendationQuery(offset: offset, limit: limit).page(of: moves)
            Issue.record("accepted offset \(offset) limit \(limit)")
        } catch {
            #expect(error.code == "invalid")
            #expect(error.message.hasPrefix(field))
        }
    }

    @Test("the query decodes from snake_case JSON and ignores the request id")
    func decoding() throws {
        let query = try MessageCoding.decode(
            RecommendationQuery.self,
            from: Data(#"{"id":"q1","urgency":"high","min_confidence":70,"target":"pve2","type":"lxc","offset":5,"limit":500}"#.utf8))
        #expect(query == RecommendationQuery(urgency: .high, minConfidence: 70, target: "pve2", type: .lxc, offset: 5, limit: 500))
    }
}
