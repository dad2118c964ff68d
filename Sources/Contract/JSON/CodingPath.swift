/// A coding path built by linking to the parent, so that descending into a value costs one small
/// allocation and the `[CodingKey]` array is only made when asked for (errors, custom decoders).
final class CodingPathNode: Sendable {
    let parent: CodingPathNode?
    let key: (any CodingKey)?

    static let root = CodingPathNode(parent: nil, key: nil)

    private init(parent: CodingPathNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    func appending(_ key: any CodingKey) -> CodingPathNode { CodingPathNode(parent: self, key: key) }

    func appending(index: Int) -> CodingPathNode { CodingPathNode(parent: self, key: IndexKey(intValue: index)) }

    var path: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: CodingPathNode? = self
        while let current = node, let key = current.key {
            keys.append(key)
            node = current.parent
        }
        return keys.reversed()
    }
}

/// A key of a coding path: an array index (`Index 3`, as Foundation names them) or a
/// dictionary's own key.
struct IndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
