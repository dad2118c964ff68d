/// What a console account may do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Reads everything and asks questions; sends no command and changes no setting.
    case viewer
    /// Everything a viewer may, plus commands, maintenance and settings.
    case `operator`
}
