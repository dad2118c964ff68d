import Contract
import Foundation
import Testing

@testable import ScoringEngine

/// Relief weighs what a move costs (memory to copy, local disks, the link) against the moves it takes.
@Suite("Engine: migration cost")
struct EngineMigrationCostTests {
    /// pve1 at 80 % CPU (20 points over) with VM 201 (22 %, `bigGiB` in use) that relieves it alone,
    /// and VMs 202 and 203 (11 % each, 4 GiB in use) that relieve it together; pve2 and pve3 cool.
    static func cluster(bigGiB: Double, smallDiskGiB: Int64? = nil) -> ClusterSnapshot {
        var small = [202, 203].map { Lab.guest($0, on: "pve1", cores: 3.52, memoryGiB: 4, maxGiB: 6) }
        if let smallDiskGiB {
            small = small.map { guest in
                var guest = guest
                guest.storages = ["local-lvm"]
                guest.diskBytes = smallDiskGiB * Lab.gib
                return guest
            }
        }
        return Lab.snapshot(
            [
                Lab.node("pve1", cpu: 80, memory: 40, memoryGiB: 512), Lab.node("pve2", cpu: 30, memory: 30, memoryGiB: 512),
                Lab.node("pve3", cpu: 30, memory: 30, memoryGiB: 512),
            ],
            [Lab.guest(201, on: "pve1", cores: 7.04, memoryGiB: bigGiB, maxGiB: Int64(bigGiB) + 8)] + small)
    }

    @Test("a 64 GiB VM is not moved where two 4 GiB ones do the same job, and the reason says why")
    func twoSmallOverOneLarge() throws {
        let plan = Lab.plan(Self.cluster(bigGiB: 64))
        #expect(plan.recommendations.map(\.vmid).sorted() == [202, 203])
        #expect(plan.summary.maxCpuPctAfter <= 60)
        let first = try #require(plan.recommendations.first)
        let factor = try #require(first.reason.contributingFactors.first { $0.factor == "migration_cost" })
        // 20 s per move plus 4 GiB at 10 Gb/s (3.4 s); the 64 GiB VM: 20 s + 55 s.
        #expect(abs(factor.value - 23.4) < 0.2)
        #expect(first.reason.summary.contains("costs less to migrate than VM 201 (g201)"))
    }

    @Test("one guest still goes before two of similar or higher cost")
    func oneOverTwoWhenCheap() {
        let plan = Lab.plan(Self.cluster(bigGiB: 8))
        #expect(plan.recommendations.map(\.vmid) == [201])
        #expect(plan.recommendations.allSatisfy { !$0.reason.contributingFactors.contains { $0.factor == "migration_cost" } })
    }

    @Test("local disks to copy count, and a slower link weighs size more")
    func localDisksAndLink() {
        // Each small VM has 100 GiB on a storage only its node has: 20 + 89 s each at 10 Gb/s.
        let local = Lab.plan(Self.cluster(bigGiB: 64, smallDiskGiB: 100))
        #expect(local.recommendations.map(\.vmid) == [201])
        // A 24 GiB VM (20 + 21 s at 10 Gb/s) goes alone on a fast link; at 1 Gb/s (20 + 206 s)
        // the two 4 GiB ones (2 × 54 s) go instead.
        #expect(Lab.plan(Self.cluster(bigGiB: 24)).recommendations.map(\.vmid) == [201])
        var slow = ScoringSettings()
        slow.migrationLinkGbps = 1
        #expect(Lab.plan(Self.cluster(bigGiB: 24), settings: slow).recommendations.map(\.vmid).sorted() == [202, 203])
    }

    @Test("Proxmox's migration bandwidth limit slows the link when lower, and the reason says the speed")
    func bandwidthLimit() throws {
        // 20 MiB/s (≈ 0.17 Gb/s): the 24 GiB VM takes ≈ 20 min, the two 4 GiB ones ≈ 3.6 min each.
        var snapshot = Self.cluster(bigGiB: 24)
        snapshot.migrationLimitBps = 20 * 1_048_576
        let plan = Lab.plan(snapshot)
        #expect(plan.recommendations.map(\.vmid).sorted() == [202, 203])
        let first = try #require(plan.recommendations.first)
        #expect(first.reason.summary.contains("over 0.17 Gb/s"), "\(first.reason.summary)")
        // A limit above the link changes nothing.
        snapshot.migrationLimitBps = 100e9
        #expect(Lab.plan(snapshot).recommendations.map(\.vmid) == [201])
    }

    @Test("the link speed is a validated setting")
    func linkSetting() {
        var settings = ScoringSettings()
        settings.migrationLinkGbps = 0
        #expect(throws: PenaltyConfigurationError.self) { try settings.validate() }
        settings.migrationLinkGbps = 25
        #expect(throws: Never.self) { try settings.validate() }
    }
}
