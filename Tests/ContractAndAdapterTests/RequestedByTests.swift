import Contract
import Foundation
import Testing

/// `requested_by`: who a front end sent a command for, checked as every other key.
@Suite("Contract: requested_by")
struct RequestedByTests {
    @Test("1–128 characters, refused naming the key otherwise")
    func check() throws {
        try RequestedBy.check(nil)
        try RequestedBy.check("web:alice")
        try RequestedBy.check(String(repeating: "a", count: 128))
        #expect(throws: ReplyError.invalid("requested_by: must be 1–128 characters, got '' (0 characters)")) { try RequestedBy.check("") }
        #expect(throws: ReplyError.invalid("requested_by: must be 1–128 characters, got 129 characters")) {
            try RequestedBy.check(String(repeating: "a", count: 129))
        }
    }

    @Test("a settings update gives up its requested_by, checked; other payloads pass as they are")
    func split() throws {
        let (update, by) = try RequestedBy.split(Data(#"{"id":"s1","enabled":true,"requested_by":"web:alice"}"#.utf8))
        #expect(by == "web:alice")
        #expect(try JSONDecoder().decode(JSONValue.self, from: update) == .object(["id": .string("s1"), "enabled": .bool(true)]))
        let plain = Data(#"{"enabled":true}"#.utf8)
        let unchanged = try RequestedBy.split(plain)
        #expect(unchanged.update == plain && unchanged.requestedBy == nil)
        #expect(try RequestedBy.split(Data("ON".utf8)).requestedBy == nil)
        #expect(throws: ReplyError.self) { try RequestedBy.split(Data(#"{"requested_by":7}"#.utf8)) }
        #expect(throws: ReplyError.self) { try RequestedBy.split(Data(#"{"requested_by":""}"#.utf8)) }
    }
}
