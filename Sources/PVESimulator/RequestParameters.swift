import Foundation

/// Request parameters with Proxmox's schema checks and error texts.
struct RequestParameters: Sendable {
    let values: [String: String]

    init(_ values: [String: String]) { self.values = values }

    func string(_ name: String) -> String? { values[name] }

    /// A required parameter (400 `property is missing and it is not optional`).
    func required(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else {
            throw APIError.parameters([name: "property is missing and it is not optional"])
        }
        return value
    }

    /// A boolean in any of Proxmox's spellings.
    func bool(_ name: String) throws -> Bool? {
        guard let raw = values[name] else { return nil }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw APIError.parameters([name: "type check ('boolean') failed - got '\(raw)'"])
        }
    }

    /// An integer with an optional lower bound.
    func int(_ name: String, minimum: Int? = nil) throws -> Int? {
        guard let raw = values[name] else { return nil }
        guard let value = Int(raw) else { throw APIError.parameters([name: "type check ('integer') failed - got '\(raw)'"]) }
        if let minimum, value < minimum {
            throw APIError.parameters([name: "value must have a minimum value of \(minimum)"])
        }
        return value
    }

    /// A number with an optional lower bound.
    func number(_ name: String, minimum: Double? = nil) throws -> Double? {
        guard let raw = values[name] else { return nil }
        guard let value = Double(raw), value.isFinite else {
            throw APIError.parameters([name: "type check ('number') failed - got '\(raw)'"])
        }
        if let minimum, value < minimum {
            throw APIError.parameters([name: "value must have a minimum value of \(Int(minimum))"])
        }
        return value
    }

    /// One of `allowed` (or nil when absent).
    func choice(_ name: String, _ allowed: [String]) throws -> String? {
        guard let raw = values[name] else { return nil }
        guard allowed.contains(raw) else {
            throw APIError.parameters([name: "value '\(raw)' does not have a value in the enumeration '\(allowed.joined(separator: ", "))'"])
        }
        return raw
    }

    /// Rejects parameters outside the schema, like `additionalProperties => 0`.
    func rejectUnknown(allowed: Set<String>) throws {
        var errors: [String: String] = [:]
        for name in values.keys where !allowed.contains(name) {
            errors[name] = "property is not defined in schema and the schema does not allow additional properties"
        }
        if !errors.isEmpty { throw APIError.parameters(errors) }
    }

    /// Parses a `pve-vmid` path parameter.
    static func vmid(_ raw: String) throws -> Int {
        guard let value = Int(raw) else { throw APIError.parameters(["vmid": "type check ('integer') failed - got '\(raw)'"]) }
        guard value >= 100 else { throw APIError.parameters(["vmid": "value must have a minimum value of 100"]) }
        guard value <= 999_999_999 else { throw APIError.parameters(["vmid": "value must have a maximum value of 999999999"]) }
        return value
    }
}
