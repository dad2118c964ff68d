import Contract
import Foundation
import TestSupport
import Testing

/// The one way settings take partial updates: a JSON merge into the encoded current settings.
@Suite("Contract: settings patch")
struct SettingsPatchTests {
    struct Sample: Codable, Equatable {
        struct Limits: Codable, Equatable {
            var weight24h = 0.5
            var strict = false
        }

        struct Window: Codable, Equatable {
            var start: String
            var end: String?
        }

        var maxMoves = 5
        var limits = Limits()
        var windows: [Window] = []
        var secret = "s3cret"
    }

    /// Windows' keys checked; a secret sent back as `…` keeps the current one; `max_moves` at most 10.
    let patch = SettingsPatch<Sample>(
        example: #"{"max_moves": 3}"#, keys: ["windows[]": ["start", "end"]],
        resolve: { patched, current in
            var settings = patched
            if settings.secret == "…" { settings.secret = current.secret }
            return settings
        },
        validate: { settings throws(ReplyError) in try InputCheck.integer(settings.maxMoves, "max_moves", in: 1...10) })

    func refusal(_ json: String) -> ReplyError? {
        replyError { () throws(ReplyError) in try patch.apply(Data(json.utf8), to: Sample()) }
    }

    @Test("nested objects merge key by key; lists are replaced whole; the envelope is left out")
    func nestedMerge() throws {
        var current = Sample()
        current.limits.weight24h = 0.25
        current.windows = [.init(start: "01:00", end: "02:00")]
        let json = #"{"id": "u1", "sent_at": "2026-01-01T00:00:00Z", "limits": {"strict": true}, "windows": [{"start": "22:00"}]}"#
        let updated = try patch.apply(Data(json.utf8), to: current)
        #expect(updated.limits == Sample.Limits(weight24h: 0.25, strict: true))
        #expect(updated.windows == [.init(start: "22:00")])
        #expect(updated.maxMoves == 5)
    }

    @Test("an underscore before digits does not make another key; refusals keep the user's spelling")
    func digitKeys() throws {
        #expect(try patch.apply(Data(#"{"limits": {"weight_24h": 0.75}}"#.utf8), to: Sample()).limits.weight24h == 0.75)
        #expect(refusal(#"{"limits": {"weight_24h": "high"}}"#) == .invalid(#"limits.weight_24h: expected a number, got "high" (a string)"#))
    }

    @Test(
        "unknown keys are refused where they are written, with the closest key suggested",
        arguments: [
            (#"{"max_movs": 3}"#, "max_movs: unknown key (did you mean 'max_moves'?)"),
            (#"{"limits": {"strikt": true}}"#, "limits.strikt: unknown key (did you mean 'strict'?)"),
            (#"{"windows": [{"start": "01:00"}, {"strat": "01:00", "start": "02:00"}]}"#, "windows[1].strat: unknown key (did you mean 'start'?)"),
        ])
    func unknownKey(json: String, message: String) {
        #expect(refusal(json) == .invalid(message))
    }

    @Test(
        "a value of the wrong JSON kind is refused naming its path",
        arguments: [
            (#"{"limits": 3}"#, "limits: expected an object, got 3"),
            (#"{"limits": {"strict": "yes"}}"#, #"limits.strict: expected true or false, got "yes" (a string)"#),
            (#"{"windows": [{"start": "01:00"}, 7]}"#, "windows[1]: expected an object, got 7"),
            (#"{"windows": [{"start": 1}]}"#, "windows[0].start: expected a string"),
        ])
    func wrongKind(json: String, message: String) throws {
        let error = try #require(refusal(json))
        #expect(error.code == "invalid")
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test("resolve and validate run on the merged settings; a payload that is not an object is malformed")
    func hooks() throws {
        #expect(try patch.apply(Data(#"{"secret": "…"}"#.utf8), to: Sample()).secret == "s3cret")
        #expect(refusal(#"{"max_moves": 11}"#) == .invalid("max_moves: must be an integer from 1 to 10, got 11"))
        #expect(refusal("[1]") == .malformed(#"a settings update must be a JSON object, e.g. {"max_moves": 3}"#))
        #expect(refusal("{oops")?.code == "malformed")
    }

    @Test("restoring stored settings drops unknown keys and wrong kinds, keeps defaults, and still validates")
    func lenientRestore() throws {
        let stored =
            #"{"max_moves": 7, "gone": 1, "limits": {"strict": "x", "weight_24h": 0.1, "old": 2}, "windows": [{"start": "03:00", "was": 1}]}"#
        var expected = Sample()
        expected.maxMoves = 7
        expected.limits.weight24h = 0.1
        expected.windows = [.init(start: "03:00")]
        #expect(try patch.restore(Data(stored.utf8), over: Sample()) == expected)
        #expect(throws: ReplyError.invalid("max_moves: must be an integer from 1 to 10, got 70")) {
            try patch.restore(Data(#"{"max_moves": 70}"#.utf8), over: Sample())
        }
    }
}
