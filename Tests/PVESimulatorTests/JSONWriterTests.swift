import Foundation
import Testing

@testable import PVESimulator

@Suite("JSON writer")
struct JSONWriterTests {
    @Test(
        "numbers, strings and nesting parse back to the same values",
        arguments: [
            0.0, 1, -1, 0.5, 0.0249060195469461, 57576897877.3333, 123456.789, 1e-9, 3e20, -0.125, 0.999_999_999_999_9,
        ])
    func numbers(value: Double) throws {
        var json = JSONWriter()
        json.beginObject()
        json.field("v", value)
        json.field("s", "quote \" backslash \\ newline \n tab \t ünï")
        json.key("a")
        json.stringArray(["x", "y"])
        json.endObject()
        let parsed = try #require(try JSONSerialization.jsonObject(with: json.data) as? [String: Any])
        let number = try #require(parsed["v"] as? NSNumber).doubleValue
        #expect(abs(number - value) <= abs(value) * 1e-12 + 1e-13, "\(String(decoding: json.data, as: UTF8.self))")
        #expect(parsed["s"] as? String == "quote \" backslash \\ newline \n tab \t ünï")
        #expect(parsed["a"] as? [String] == ["x", "y"])
    }

    @Test("integers keep every digit")
    func integers() throws {
        var json = JSONWriter()
        json.beginArray()
        for value in [0, 7, -42, Int.max, Int.min + 1] { json.int(value) }
        json.endArray()
        #expect(String(decoding: json.data, as: UTF8.self) == "[0,7,-42,\(Int.max),\(Int.min + 1)]")
    }
}
