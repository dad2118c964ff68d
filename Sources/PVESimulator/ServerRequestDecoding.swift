import Foundation

/// Turns the pieces of an HTTP request into the simulator's `SimRequest`: percent-decoded
/// path and query, and a body given as `application/x-www-form-urlencoded` or a JSON object.
enum ServerRequestDecoding {
    /// Builds the `SimRequest` for `rawPath` (already stripped of `/api2/json`).
    static func simRequest(
        method: String, rawPath: Substring, query: String?, contentType: String?, body: Data
    ) throws(ServerRequestError) -> SimRequest {
        var path = try percentDecoded(rawPath, plusIsSpace: false, what: "the path")
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }
        let isJSON = contentType?.lowercased().contains("application/json") ?? false
        let form = body.isEmpty ? [:] : try isJSON ? jsonParameters(body) : formParameters(String(decoding: body, as: UTF8.self))
        return SimRequest(method: method, path: path, query: try formParameters(query ?? ""), form: form)
    }

    /// Parses `a=1&b=x%20y` (also `+` as space); the last value of a repeated name wins.
    static func formParameters(_ text: String) throws(ServerRequestError) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try percentDecoded(parts[0], plusIsSpace: true, what: "a parameter name")
            let value = parts.count > 1 ? try percentDecoded(parts[1], plusIsSpace: true, what: "parameter '\(name)'") : ""
            parameters[name] = value
        }
        return parameters
    }

    /// Parses a JSON object whose values are strings, numbers, booleans (→ `1`/`0`) or null (skipped).
    static func jsonParameters(_ data: Data) throws(ServerRequestError) -> [String: String] {
        let object: [String: JSONParameter]
        do {
            object = try JSONDecoder().decode([String: JSONParameter].self, from: data)
        } catch {
            throw ServerRequestError("request body is not a JSON object of strings, numbers or booleans")
        }
        return object.compactMapValues(\.text)
    }

    private static func percentDecoded(_ text: Substring, plusIsSpace: Bool, what: String) throws(ServerRequestError) -> String {
        let spaced = plusIsSpace ? text.replacingOccurrences(of: "+", with: " ") : String(text)
        guard let decoded = spaced.removingPercentEncoding else {
            throw ServerRequestError("malformed percent-encoding in \(what)")
        }
        return decoded
    }
}

/// One scalar value of a JSON request body, kept as the string Proxmox would have received.
private enum JSONParameter: Decodable {
    case value(String)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .value(flag ? "1" : "0")
        } else if let integer = try? container.decode(Int64.self) {
            self = .value(String(integer))
        } else if let number = try? container.decode(Double.self) {
            self = .value(String(number))
        } else {
            self = .value(try container.decode(String.self))
        }
    }

    var text: String? {
        if case .value(let text) = self { return text }
        return nil
    }
}

/// A request the server cannot turn into a `SimRequest`; answered with 400 and this message.
struct ServerRequestError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
