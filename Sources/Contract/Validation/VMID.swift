/// The rule for a guest id given by a user: Proxmox's VMID range.
public enum VMID {
    /// The ids Proxmox allows.
    public static let range = 100...999_999_999

    /// Refuses an id outside `range`, naming `field`.
    public static func check(_ vmid: Int, _ field: String = "vmid") throws(ReplyError) {
        try InputCheck.integer(vmid, field, in: range)
    }
}
