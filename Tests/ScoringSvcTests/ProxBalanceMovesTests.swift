import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("History: which placement changes ProxBalance made")
struct ProxBalanceMovesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func status(
        _ id: String, vmid: Int, to target: String, state: MigrationPhase, dryRun: Bool = false, age: TimeInterval = 60
    )
        -> MigrationStatus
    {
        MigrationStatus(
            id: id, cluster: "lab", commandId: nil, origin: .automation, vmid: vmid, name: nil, type: .qemu, source: "pve1",
            target: target, state: state, dryRun: dryRun, haManaged: false, message: "", command: "",
            createdAt: now.addingTimeInterval(-age))
    }

    @Test("recent real migrations explain a move; dry runs, cancelled, cleared and old ones do not")
    func targets() {
        var moves = ProxBalanceMoves()
        moves.receive(status("m-1", vmid: 101, to: "pve2", state: .running))
        moves.receive(status("m-2", vmid: 102, to: "pve3", state: .dryRun, dryRun: true))
        moves.receive(status("m-3", vmid: 103, to: "pve3", state: .completed, age: 2 * 3600))
        moves.receive(status("m-4", vmid: 104, to: "pve2", state: .queued))
        moves.receive(status("m-4", vmid: 104, to: "pve2", state: .cancelled))
        moves.receive(status("m-5", vmid: 105, to: "pve2", state: .completed))
        moves.remove(id: "m-5")
        #expect(moves.targets(now: now) == [101: "pve2"])
    }
}
