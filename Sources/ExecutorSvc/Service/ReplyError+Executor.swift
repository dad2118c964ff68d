import Contract

extension ReplyError {
    /// The Proxmox API could not be read; the command may be retried.
    static func proxmox(_ error: any Error) -> Self {
        Self(code: "proxmox_unavailable", message: "the Proxmox API could not be read: \(error)")
    }

    /// A command that changes the cluster came without an `id`.
    static let missingID = Self(
        code: "malformed", message: "'id' is required: a command is carried out once per id, and a redelivery is answered the same way")

    /// Another automation run is still executing its moves.
    static let automationBusy = Self(code: "busy", message: "an automation run is still executing its moves; try again when it ends")
}
