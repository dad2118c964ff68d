import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import Testing

@Suite("Service: request answers")
struct ServiceRequestsTests {
    typealias F = ServiceFixtures

    let state = ScoringState(
        input: PlanInput(snapshot: F.snapshot(), now: Date()),
        plan: F.plan([F.move(101, urgency: .high), F.move(111, name: "syncthing", type: .lxc, to: "pve3", step: 2)]))
    let empty = ScoringState(input: nil, plan: nil)

    func answer<T: Codable & Sendable>(_ op: String, _ json: String, state: ScoringState? = nil, as type: T.Type) throws -> Reply<T> {
        let payload = ScoringRequests.answer(op: op, payload: Data(json.utf8), state: state ?? self.state)
        return try MessageCoding.decode(Reply<T>.self, from: Data(payload))
    }

    @Test("why answers from the plan and echoes the id")
    func why() throws {
        let reply = try answer("why", #"{"id":"w1","vmid":111}"#, as: GuestExplanation.self)
        #expect(reply.ok && reply.id == "w1")
        #expect(reply.result?.recommended == true)
        #expect(reply.result?.recommendation?.target == "pve3")
    }

    @Test("recommendations: a filtered page")
    func recommendations() throws {
        let reply = try answer("recommendations", #"{"id":"r1","urgency":"high"}"#, as: RecommendationPage.self)
        #expect(reply.result?.items.map(\.vmid) == [101])
        #expect(reply.result?.total == 1)
        let refused = try answer("recommendations", #"{"id":"r2","limit":1000}"#, as: RecommendationPage.self)
        #expect(refused.error?.code == "invalid")
        #expect(refused.id == "r2")
    }

    @Test("export as JSON is the recommendations array; as CSV a text with the header")
    func export() throws {
        let json = try answer("export", #"{"id":"e1","format":"json"}"#, as: [Recommendation].self)
        #expect(json.result?.map(\.vmid) == [101, 111])
        let csv = try answer("export", #"{"id":"e2","format":"csv"}"#, as: String.self)
        #expect(csv.result?.hasPrefix("step,vmid,name,") == true)
        #expect(csv.result?.components(separatedBy: "\r\n").count == 4)
        #expect(try answer("export", #"{"id":"e3","format":"xml"}"#, as: String.self).error?.code == "malformed")
    }

    @Test("migration options for a guest the snapshot does not have: not_found")
    func migrationOptionsUnknown() throws {
        let reply = try answer("migration_options", #"{"id":"m1","vmid":4242}"#, as: MigrationOptions.self)
        #expect(reply.error?.code == "not_found")
    }

    @Test(
        "before the first snapshot every op answers no_data",
        arguments: [
            ("migration_options", #"{"id":"n1","vmid":101}"#), ("why", #"{"id":"n1","vmid":101}"#),
            ("recommendations", #"{"id":"n1"}"#), ("export", #"{"id":"n1","format":"csv"}"#),
        ])
    func noData(op: String, json: String) throws {
        let reply = try answer(op, json, state: empty, as: JSONValue.self)
        #expect(reply.error?.code == "no_data")
        #expect(reply.id == "n1")
    }

    @Test("unknown operations and malformed payloads are errors, with the id when readable")
    func errors() throws {
        let unknown = try answer("teleport", #"{"id":"u1"}"#, as: JSONValue.self)
        #expect(unknown.error?.code == "unknown_operation")
        #expect(unknown.id == "u1")
        let wrongType = try answer("why", #"{"id":"x1","vmid":"abc"}"#, as: JSONValue.self)
        #expect(wrongType.error?.code == "malformed")
        #expect(wrongType.error?.message.contains("vmid") == true)
        #expect(wrongType.id == "x1")
        let notJSON = try answer("why", "{nope", as: JSONValue.self)
        #expect(notJSON.error?.code == "malformed")
        #expect(notJSON.id == nil)
    }
}
