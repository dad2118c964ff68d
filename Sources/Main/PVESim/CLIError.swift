/// A failure of a `pb-pvesim` command, described in one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
