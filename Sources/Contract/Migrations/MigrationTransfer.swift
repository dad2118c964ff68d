/// Progress of a running migration, read from its Proxmox task log.
public struct MigrationTransfer: Codable, Sendable, Equatable {
    /// `memory` (RAM of a live migration) or `disk:<drive>` (a local-disk mirror or a container volume).
    public var phase: String
    /// 0–100 within the phase.
    public var percent: Double?
    public var transferredBytes: Int
    public var totalBytes: Int?
    public var bytesPerSecond: Int?

    public init(phase: String, percent: Double?, transferredBytes: Int, totalBytes: Int?, bytesPerSecond: Int?) {
        self.phase = phase
        self.percent = percent
        self.transferredBytes = transferredBytes
        self.totalBytes = totalBytes
        self.bytesPerSecond = bytesPerSecond
    }
}
