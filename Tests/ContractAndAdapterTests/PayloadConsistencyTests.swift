import Contract
import Foundation
import Testing

/// Payloads look alike: `v` on each, tags as a list, numbers rounded where more digits are noise,
/// and published settings can be sent back as they are.
@Suite("Contract: payload consistency")
struct PayloadConsistencyTests {
    struct Knobs: Codable, Sendable, Equatable {
        var limit = 5
        var name = "a"
    }

    static let patch = SettingsPatch<Knobs>(example: #"{"limit": 3}"#) { _ throws(ReplyError) in }

    @Test("published settings carry v: 1, and the published JSON is accepted back as an update")
    func versionedSettings() throws {
        let published = try MessageCoding.encode(Versioned(Knobs(limit: 7, name: "b")))
        let object = try JSONSerialization.jsonObject(with: published) as? [String: Any]
        #expect(object?["v"] as? Int == 1 && object?["limit"] as? Int == 7 && object?["name"] as? String == "b")
        #expect(try Self.patch.apply(published, to: Knobs()) == Knobs(limit: 7, name: "b"))
    }

    @Test("an update in another payload version is refused naming v")
    func otherVersion() {
        #expect(throws: ReplyError.invalid("v: this service speaks payload version 1, got 2")) {
            try Self.patch.apply(Data(#"{"v": 2, "limit": 3}"#.utf8), to: Knobs())
        }
    }

    @Test("a guest's summary: tags as a list, HA as the planner sees it, rounded numbers")
    func guestSummary() throws {
        let guest = GuestState(
            vmid: 101, name: "web", type: .qemu, node: "pve1", status: "running", vcpus: 3, cpuPct: 12.345678,
            memoryUsedBytes: 1, memoryMaxBytes: 2, diskReadBps: 1234.56, tags: ["web", "exclude_db"],
            ha: HAState(state: "ignored"))
        let summary = GuestSummary(guest, cluster: "c", updatedAt: Date(timeIntervalSince1970: 0))
        #expect(summary.tags == ["web", "exclude_db"])
        #expect(summary.haManaged == false)  // an HA resource in state `ignored` is not managed
        #expect(summary.cpuPct == 12.3 && summary.cpuCores == 0.37 && summary.diskReadBps == 1235)
        let json = String(decoding: try MessageCoding.encode(summary), as: UTF8.self)
        #expect(json.contains(#""tags":["web","exclude_db"]"#))
    }
}
