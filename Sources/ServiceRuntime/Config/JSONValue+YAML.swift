import Contract
import Foundation
import Yams

extension JSONValue {
    /// A YAML node as the JSON value a configuration file holds: mappings as objects (keys as
    /// written), sequences as arrays, and every scalar as its text, as an environment variable
    /// would give it (`no` stays `"no"`, `60` is `"60"`), except nulls (`null`, `~`, nothing).
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar): self = node.null != nil ? .null : .string(scalar.string)
        case .mapping(let mapping): self = .object(Dictionary(mapping.map { ($0.key.string ?? "", JSONValue(yaml: $0.value)) }) { _, last in last })
        case .sequence(let sequence): self = .array(sequence.map { JSONValue(yaml: $0) })
        case .alias: self = .null  // the parser replaces aliases by the nodes they name
        }
    }
}
