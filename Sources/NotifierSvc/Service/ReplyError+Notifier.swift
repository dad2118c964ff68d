import Contract

extension ReplyError {
    /// No destination has this id.
    static func unknownDestination(_ id: String) -> Self { .notFound("no destination '\(id)'") }
}
