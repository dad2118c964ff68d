import Contract
import Foundation
import Testing

@testable import ScoringEngine
@testable import ScoringSvc

/// Decisions of the batch planner on small hand-built clusters.
@Suite("Engine: planner decisions")
struct EnginePlannerTests {
    @Test("an overloaded node is relieved onto cooler nodes, as a batch that stops once it is healthy")
    func overloadRelief() throws {
        let plan = Lab.plan(Lab.hotCluster())
        #expect(plan.status == .recommendations)
        #expect(!plan.recommendations.isEmpty)
        #expect(plan.recommendations.allSatisfy { $0.source == "pve1" && $0.kind == .overloadRelief })
        #expect(plan.recommendations.allSatisfy { $0.reason.primaryReason == "cpu_overload" })
        // Fewer moves than "every guest on the hot node".
        #expect(plan.recommendations.count < 6)
        let after = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        #expect(after.cpuPctAfter <= 60)
        // No target ends hotter than the source started.
        #expect(plan.summary.maxCpuPctAfter < plan.summary.maxCpuPctBefore)
        // The guests left behind say why: pve1 is healthy once the planned moves are done.
        let staying = plan.skipped.filter { $0.node == "pve1" }
        #expect(!staying.isEmpty)
        #expect(staying.allSatisfy { $0.reason == .sourceMemoryHealthy && $0.detail.contains("After the planned moves") })
        let first = try #require(plan.recommendations.first)
        #expect(first.command == "qm migrate \(first.vmid) \(first.target) --online")
        #expect(first.sourceAfter.total < first.sourceBefore.total)
        #expect(first.scoreImprovement >= 15)
        #expect(first.reason.summary.contains("should move from pve1 to \(first.target)"))
        #expect(first.confidence > 0 && first.confidence <= 100)
        #expect(["low", "moderate", "high", "very_high"].contains(first.risk.level))
        #expect(plan.summary.executionOrder.map(\.step) == plan.recommendations.map(\.step))
    }

    @Test("a balanced cluster gets an empty plan that says so")
    func convergence() {
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 35, memory: 40), Lab.node("pve2", cpu: 30, memory: 45)],
            [Lab.guest(101, on: "pve1"), Lab.guest(201, on: "pve2")])
        let plan = Lab.plan(snapshot)
        #expect(plan.status == .balanced)
        #expect(plan.recommendations.isEmpty)
        #expect(plan.summary.balanced)
        #expect(plan.message.hasPrefix("Cluster is balanced"))
        #expect(plan.skipped.map(\.reason) == [.sourceMemoryHealthy, .sourceMemoryHealthy])
    }

    @Test(
        "guest-level hard rules keep guests where they are, each with its reason",
        arguments: [
            (["ignore"], SkipReason.hasIgnoreTag)
        ])
    func ignoreTag(tags: [String], reason: SkipReason) {
        let plan = Lab.plan(Lab.hotCluster(extra: [Lab.guest(150, on: "pve1", cores: 6, tags: tags)]))
        #expect(plan.move(150) == nil)
        #expect(plan.skip(150)?.reason == reason)
    }

    @Test("HA, stopped, template, locked, passthrough and unshared bind mounts are never moved")
    func guestRules() {
        var ha = Lab.guest(150, on: "pve1", cores: 6)
        ha.ha = HAState(state: "started")
        let stopped = Lab.guest(151, on: "pve1", cores: 0, status: "stopped")
        var template = Lab.guest(152, on: "pve1", cores: 6)
        template.template = true
        var locked = Lab.guest(153, on: "pve1", cores: 6)
        locked.lock = "backup"
        var passthrough = Lab.guest(154, on: "pve1", cores: 6)
        passthrough.passthrough = ["hostpci0"]
        var bind = Lab.guest(155, on: "pve1", cores: 6, type: .lxc)
        bind.bindMounts = [BindMount(key: "mp0", source: "/srv", shared: false)]
        var sharedBind = Lab.guest(156, on: "pve1", cores: 6, type: .lxc)
        sharedBind.bindMounts = [BindMount(key: "mp0", source: "/srv", shared: true)]
        let plan = Lab.plan(Lab.hotCluster(extra: [ha, stopped, template, locked, passthrough, bind, sharedBind], pve1Guests: 2))
        #expect(plan.skip(150)?.reason == .haManaged)
        #expect(plan.skip(150)?.detail.contains("Proxmox's own HA balancer") == true)
        #expect(plan.skip(151)?.reason == .stopped)
        #expect(plan.skip(152)?.reason == .ruleTemplate)
        #expect(plan.skip(153)?.reason == .ruleLocked)
        #expect(plan.skip(154)?.reason == .passthroughDisk)
        #expect(plan.skip(155)?.reason == .unsharedBindMount)
        for vmid in 150...155 { #expect(plan.move(vmid) == nil) }
        // A shared bind mount is fine, and a container restarts rather than migrating live.
        if let move = plan.move(156) { #expect(move.command == "pct migrate 156 \(move.target) --restart") }
    }

    @Test("anti-affinity: never two guests of one exclude group on a node")
    func antiAffinity() {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 85, memory: 50), Lab.node("pve2", cpu: 10, memory: 30),
                Lab.node("pve3", cpu: 30, memory: 40),
            ],
            [
                Lab.guest(101, on: "pve1", cores: 8, tags: ["exclude_db"]), Lab.guest(201, on: "pve2", tags: ["exclude_db"]),
                Lab.guest(102, on: "pve1", cores: 1),
            ])
        let plan = Lab.plan(snapshot)
        #expect(plan.move(101)?.target == "pve3")
        let options = Planner.migrationOptions(vmid: 101, PlanInput(snapshot: snapshot, now: Lab.now))
        #expect(options?.disqualified.contains { $0.node == "pve2" && $0.rule == "rule_anti_affinity" } == true)
    }

    @Test("storage: the target must have every storage the guest uses")
    func storage() {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 95, memory: 50, storages: ["ceph", "zfs"]), Lab.node("pve2", cpu: 10, memory: 30),
                Lab.node("pve3", cpu: 30, memory: 40, storages: ["ceph", "zfs"]),
            ],
            [
                Lab.guest(101, on: "pve1", cores: 8, storages: ["ceph", "zfs"]),
                Lab.guest(102, on: "pve1", cores: 8, storages: ["zfs-only"]),
            ])
        let plan = Lab.plan(snapshot)
        #expect(plan.move(101)?.target == "pve3")
        #expect(plan.move(102) == nil)
        let skip = plan.skip(102)
        #expect(skip?.reason == .noSuitableTarget)
        #expect(skip?.disqualified.map(\.rule) == ["rule_storage", "rule_storage"])
    }

    @Test("memory capacity: a target that cannot fit the guest's max memory under 95 % is never chosen")
    func memoryCapacity() {
        var pve2 = Lab.node("pve2", cpu: 5, memory: 20, memoryGiB: 64)
        pve2.storages = ["ceph"]
        let filler = Lab.guest(201, on: "pve2", cores: 0.5, memoryGiB: 1, maxGiB: 56)
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 85, memory: 50), pve2, Lab.node("pve3", cpu: 35, memory: 40)],
            [Lab.guest(101, on: "pve1", cores: 8, maxGiB: 8), filler])
        let plan = Lab.plan(snapshot)
        #expect(plan.move(101)?.target == "pve3")
        let options = Planner.migrationOptions(vmid: 101, PlanInput(snapshot: snapshot, now: Lab.now))
        #expect(options?.disqualified.first { $0.node == "pve2" }?.rule == "rule_memory_capacity")
    }

    @Test("maintenance: every migratable guest leaves (the ignore tag does not hold it), none goes onto a maintenance node")
    func maintenance() {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 20, memory: 30), Lab.node("pve2", cpu: 10, memory: 30),
                Lab.node("pve3", cpu: 15, memory: 30),
            ],
            [
                Lab.guest(101, on: "pve1"), Lab.guest(102, on: "pve1"), Lab.guest(103, on: "pve1", tags: ["ignore"]),
                Lab.guest(201, on: "pve2"),
            ])
        let plan = Lab.plan(snapshot, maintenance: ["pve1", "pve3"])
        #expect(Set(plan.recommendations.map(\.vmid)) == [101, 102, 103])
        #expect(plan.recommendations.allSatisfy { $0.target == "pve2" && $0.kind == .maintenanceEvacuation })
        #expect(plan.recommendations.allSatisfy { $0.urgency == .high && $0.reason.primaryReason == "maintenance" })
        #expect(plan.skip(201)?.reason == .sourceMemoryHealthy)
    }

    @Test("affinity: companions on one node move together, the second after the first")
    func affinity() throws {
        let plan = Lab.plan(
            Lab.hotCluster(
                extra: [
                    Lab.guest(150, on: "pve1", cores: 5, tags: ["affinity_web"]),
                    Lab.guest(151, on: "pve1", cores: 4, tags: ["affinity_web"]),
                ], pve1Guests: 3))
        let a = try #require(plan.move(150))
        let b = try #require(plan.move(151))
        #expect(a.target == b.target)
        #expect(b.kind == .affinityCompanion && b.dependsOn.contains(a.step))
        #expect(a.affinityGroup == "affinity_web")
    }

    @Test("affinity: a companion that may not move keeps the whole group")
    func affinityBlocked() {
        let plan = Lab.plan(
            Lab.hotCluster(
                extra: [
                    Lab.guest(150, on: "pve1", cores: 5, tags: ["affinity_web"]),
                    Lab.guest(151, on: "pve1", cores: 4, tags: ["affinity_web", "ignore"]),
                ], pve1Guests: 3))
        #expect(plan.move(150) == nil)
        #expect(plan.skip(150)?.reason == .ruleAffinity)
        #expect(plan.skip(151)?.reason == .hasIgnoreTag)
    }

    @Test("distribution balancing evens out guest counts with guests small in use, only when enabled and worth it")
    func distribution() throws {
        // pve1 is busy (55 % CPU, under the threshold) with eight idle small guests and a busy one.
        let guests =
            (0..<8).map { Lab.guest(101 + $0, on: "pve1", cores: 0.05, memoryGiB: 0.5, maxGiB: 8) }
            + [
                Lab.guest(109, on: "pve1", cores: 0.5, memoryGiB: 1, maxGiB: 1),
                Lab.guest(201, on: "pve2", cores: 0.05, memoryGiB: 0.5, maxGiB: 1),
                Lab.guest(202, on: "pve2", cores: 1, memoryGiB: 6, maxGiB: 8),
            ]
        let nodes = [Lab.node("pve1", cpu: 55, memory: 55), Lab.node("pve2", cpu: 10, memory: 20)]
        let snapshot = Lab.snapshot(nodes, guests)
        #expect(Lab.plan(snapshot).recommendations.isEmpty)
        var settings = ScoringSettings()
        settings.distribution.enabled = true
        let plan = Lab.plan(snapshot, settings: settings)
        #expect(!plan.recommendations.isEmpty)
        #expect(plan.recommendations.allSatisfy { $0.kind == .distributionBalancing && $0.source == "pve1" })
        #expect(plan.recommendations.allSatisfy { $0.scoreImprovement >= settings.penalties.minScoreImprovement })
        // Small in use: 8 GiB allotted but 0.5 GiB used is small; 50 % of a vCPU busy is not.
        #expect(plan.move(109) == nil)
        let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        let pve2 = try #require(plan.summary.nodes.first { $0.node == "pve2" })
        #expect(pve1.guestsAfter - pve2.guestsAfter < pve1.guestsBefore - pve2.guestsBefore)
    }

    @Test("distribution: nodes with even loads but uneven guest counts get an empty plan (the gate)")
    func distributionGate() {
        let guests =
            (0..<8).map { Lab.guest(101 + $0, on: "pve1", cores: 0.05, memoryGiB: 0.5, maxGiB: 1) }
            + [Lab.guest(201, on: "pve2", cores: 0.05, memoryGiB: 0.5, maxGiB: 1), Lab.guest(202, on: "pve2", cores: 1, memoryGiB: 6, maxGiB: 8)]
        let snapshot = Lab.snapshot([Lab.node("pve1", cpu: 20, memory: 30), Lab.node("pve2", cpu: 15, memory: 30)], guests)
        var settings = ScoringSettings()
        settings.distribution.enabled = true
        let plan = Lab.plan(snapshot, settings: settings)
        #expect(plan.recommendations.isEmpty)
        #expect(plan.status == .balanced)
        // With no gate at all the same cluster is evened out: the gate is what holds it.
        settings.penalties.minScoreImprovement = 0
        #expect(!Lab.plan(snapshot, settings: settings).recommendations.isEmpty)
    }

    @Test("sustained IOWait triggers relief, moving the guest with the most disk I/O first")
    func iowaitTrigger() throws {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 30, memory: 40, iowait: 40, iowaitDay: 30), Lab.node("pve2", cpu: 20, memory: 40),
                Lab.node("pve3", cpu: 25, memory: 40),
            ],
            [
                Lab.guest(101, on: "pve1", diskBps: 10_000_000), Lab.guest(102, on: "pve1", diskBps: 250_000_000),
                Lab.guest(103, on: "pve1", diskBps: 50_000_000),
            ])
        let plan = Lab.plan(snapshot)
        let first = try #require(plan.recommendations.first)
        #expect(first.vmid == 102)
        #expect(first.reason.primaryReason == "iowait_relief")
        // A transient spike (24 h average low) does not trigger.
        let transient = Lab.snapshot(
            [Lab.node("pve1", cpu: 30, memory: 40, iowait: 40, iowaitDay: 5), Lab.node("pve2", cpu: 20, memory: 40)],
            [Lab.guest(102, on: "pve1", diskBps: 250_000_000)])
        #expect(Lab.plan(transient).recommendations.isEmpty)
    }

    @Test("a move must clear min_score_improvement; the skipped guest names the best target")
    func improvementGate() throws {
        var settings = ScoringSettings()
        settings.penalties.minScoreImprovement = 400
        let plan = Lab.plan(Lab.hotCluster(), settings: settings)
        #expect(plan.recommendations.isEmpty)
        #expect(plan.status == .noImprovement)
        let skip = try #require(plan.skip(101))
        #expect(skip.reason == .insufficientImprovement)
        #expect(skip.bestTarget == "pve2")
        #expect(skip.detail.contains("minimum 400"))
    }

    @Test("the plan stops at max_moves_per_plan and says so for the rest")
    func cap() {
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 1
        let plan = Lab.plan(Lab.hotCluster(), settings: settings)
        #expect(plan.recommendations.count == 1)
        #expect(plan.skipped.contains { $0.reason == .planCapReached })
    }

    @Test("nothing is recommended from a stale snapshot or without quorum")
    func staleAndQuorum() {
        let stale = Lab.hotCluster()
        let input = PlanInput(snapshot: stale, now: Lab.now.addingTimeInterval(181))
        let plan = Planner.plan(input)
        #expect(plan.status == .stale && plan.recommendations.isEmpty)
        #expect(Planner.plan(PlanInput(snapshot: stale, now: Lab.now.addingTimeInterval(179))).status == .recommendations)
        var noQuorum = Lab.hotCluster()
        noQuorum.quorum.quorate = false
        let refused = Lab.plan(noQuorum)
        #expect(refused.status == .unavailable && refused.recommendations.isEmpty)
    }

    @Test("a node under pressure takes nothing that leaves it worse on what it is beyond")
    func pressuredTarget() throws {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 95, memory: 50), Lab.node("pve2", cpu: 10, memory: 66),
                Lab.node("pve3", cpu: 45, memory: 30),
            ],
            (0..<6).map { Lab.guest(101 + $0, on: "pve1", cores: 3) } + [Lab.guest(201, on: "pve2", cores: 1)])
        let plan = Lab.plan(snapshot)
        #expect(!plan.recommendations.isEmpty)
        #expect(plan.recommendations.allSatisfy { $0.target == "pve3" })
        // A guest left on pve1 says pve2 was ruled out because it is under pressure.
        let stays = try #require(plan.skipped.first { $0.node == "pve1" && $0.reason != .sourceMemoryHealthy })
        #expect(stays.disqualified.contains { $0.node == "pve2" && $0.rule == "rule_under_pressure" })
        #expect(stays.bestTarget != "pve2")
    }

    @Test("seasonal baseline: a CPU peak usual for this hour is left alone when enabled; an unusual one is not")
    func seasonalBaseline() throws {
        let hour = Int(Lab.now.timeIntervalSince1970 / 3600) % 24
        func trend(mean: Double) -> NodeTrend {
            NodeTrend(
                cpuSlopePctPerDay: 0, cpuR2: 0, samples: 168, cpuStability: 50,
                cpuByHour: [hour: HourlyBaseline(meanPct: mean, deviationPct: 3, samples: 7)])
        }
        var settings = ScoringSettings()
        settings.penalties.seasonalBaseline.enabled = true
        func plan(usual mean: Double, settings: ScoringSettings) -> RecommendationSet {
            Planner.plan(
                PlanInput(snapshot: Lab.hotCluster(), history: ["pve1": trend(mean: mean)], settings: settings, now: Lab.now))
        }
        // pve1 at 85 %: usual when its baseline is 82 ± 3 (within 2σ), unusual when it is 60 ± 3.
        let usual = plan(usual: 82, settings: settings)
        #expect(usual.recommendations.isEmpty)
        let skip = try #require(usual.skip(101))
        #expect(skip.reason == .seasonalBaseline)
        #expect(skip.detail.contains("usual at \(hour):00 UTC"))
        #expect(usual.skip(201)?.reason == .sourceMemoryHealthy)
        #expect(!plan(usual: 60, settings: settings).recommendations.isEmpty)
        #expect(!plan(usual: 82, settings: ScoringSettings()).recommendations.isEmpty)
    }

    @Test("an offline node is never a target")
    func offlineTarget() {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 85, memory: 50), Lab.node("pve2", cpu: 5, memory: 10, status: "offline"),
                Lab.node("pve3", cpu: 30, memory: 40),
            ],
            (0..<4).map { Lab.guest(101 + $0, on: "pve1", cores: 4) })
        let plan = Lab.plan(snapshot)
        #expect(!plan.recommendations.isEmpty)
        #expect(plan.recommendations.allSatisfy { $0.target == "pve3" })
    }

    @Test("a move that frees room on another move's target goes first")
    func ordering() throws {
        // pve2 is memory-hot and pve1 CPU-hot; pve3 is the only cool node.
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 90, memory: 40), Lab.node("pve2", cpu: 40, memory: 80),
                Lab.node("pve3", cpu: 10, memory: 20),
            ],
            [
                Lab.guest(101, on: "pve1", cores: 6), Lab.guest(102, on: "pve1", cores: 6),
                Lab.guest(201, on: "pve2", cores: 0.5, memoryGiB: 20, maxGiB: 24),
            ])
        let plan = Lab.plan(snapshot)
        for move in plan.recommendations {
            for dependency in move.dependsOn {
                let earlier = try #require(plan.recommendations.first { $0.step == dependency })
                #expect(earlier.step < move.step)
                #expect(earlier.source == move.target || move.kind == .affinityCompanion)
            }
        }
    }

    @Test("capacity advisories: saturation, no headroom, bottleneck and N+1")
    func advisories() throws {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 92, memory: 85, memoryGiB: 256), Lab.node("pve2", cpu: 88, memory: 82),
                Lab.node("pve3", cpu: 86, memory: 84),
            ],
            [Lab.guest(101, on: "pve1", cores: 4), Lab.guest(201, on: "pve2"), Lab.guest(301, on: "pve3")])
        let plan = Lab.plan(snapshot)
        let kinds = Set(plan.summary.advisories.map(\.kind))
        #expect(kinds.isSuperset(of: ["capacity_saturation", "limited_cpu_headroom", "limited_memory_headroom", "node_bottleneck", "n_plus_one"]))
        #expect(plan.summary.advisories.first { $0.kind == "n_plus_one" }?.node == "pve1")
        #expect(plan.summary.advisories.first { $0.kind == "capacity_saturation" }?.severity == "critical")
        // A cool cluster of three gets none of them.
        let cool = Lab.snapshot(
            [Lab.node("pve1", cpu: 20, memory: 30), Lab.node("pve2", cpu: 25, memory: 30), Lab.node("pve3", cpu: 30, memory: 35)],
            [Lab.guest(101, on: "pve1")])
        #expect(Lab.plan(cool).summary.advisories.isEmpty)
    }

    @Test("a node made of many small guests is relieved: the gate weighs its relief as a whole")
    func manySmallGuests() throws {
        // 300 guests of 0.09 cores each (~0.28 % of 32 threads) put pve1 at ~86 %.
        let guests = (0..<300).map { Lab.guest(1000 + $0, on: "pve1", cores: 0.09, memoryGiB: 0.2, maxGiB: 1) }
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 86, memory: 50), Lab.node("pve2", cpu: 20, memory: 40), Lab.node("pve3", cpu: 25, memory: 40)],
            guests)
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 1000
        let plan = Lab.plan(snapshot, settings: settings)
        let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        #expect(pve1.cpuPctAfter <= 60)
        // Fewest moves: 26 points at 0.28 each.
        #expect(plan.recommendations.count <= 95)
        #expect(!plan.skipped.contains { $0.reason == .insufficientImprovement || $0.reason == .noBalanceGain })
    }

    @Test("the smallest guest that relieves a node alone is moved rather than several, or a larger one")
    func oneGuestOverMany() throws {
        // pve1 at 70 %: 10 points over. A 4-core guest (12.5 %) does it alone; 1-core ones would need 4.
        let guests =
            [Lab.guest(101, on: "pve1", cores: 8, memoryGiB: 48, maxGiB: 64), Lab.guest(102, on: "pve1", cores: 4)]
            + (0..<6).map { Lab.guest(110 + $0, on: "pve1", cores: 1) }
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 70, memory: 60), Lab.node("pve2", cpu: 20, memory: 30), Lab.node("pve3", cpu: 25, memory: 30)],
            guests)
        let plan = Lab.plan(snapshot)
        #expect(plan.recommendations.map(\.vmid) == [102])
    }

    @Test("a capped plan cuts the hottest node first and says how many more moves a full relief needs")
    func cappedPlanCutsPeak() throws {
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 92, memory: 50), Lab.node("pve2", cpu: 80, memory: 50),
                Lab.node("pve3", cpu: 20, memory: 30), Lab.node("pve4", cpu: 20, memory: 30),
            ],
            (0..<8).map { Lab.guest(101 + $0, on: "pve1", cores: 3) } + (0..<8).map { Lab.guest(201 + $0, on: "pve2", cores: 3) })
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 1
        let one = Lab.plan(snapshot, settings: settings)
        #expect(one.recommendations.map(\.source) == ["pve1"])
        #expect(one.summary.maxCpuPctAfter < 92)
        let more = try #require(one.summary.remainingReliefMoves)
        #expect(more > 0)
        #expect(one.message.contains("\(more) more move"))
        settings.maxMovesPerPlan = 100
        let full = Lab.plan(snapshot, settings: settings)
        #expect(full.summary.remainingReliefMoves == nil)
        #expect(full.recommendations.count == 1 + more)
        #expect(full.summary.maxCpuPctAfter <= 60)
        // Every capped plan is the start of the full one.
        for cap in 1...full.recommendations.count {
            settings.maxMovesPerPlan = cap
            let capped = Lab.plan(snapshot, settings: settings)
            #expect(capped.recommendations.map(\.vmid) == full.recommendations.prefix(cap).map(\.vmid))
        }
    }

    @Test("a capped plan relieves a memory emergency first, then the CPU peak before lesser memory pressure")
    func cappedPlanRanksMemoryEmergency() throws {
        // pve1 at 80 % CPU (20 points over); pve2 at 90 % memory (25 points over the floor, under 95 %).
        func cluster(pve2Memory: Double) -> ClusterSnapshot {
            Lab.snapshot(
                [
                    Lab.node("pve1", cpu: 80, memory: 40), Lab.node("pve2", cpu: 10, memory: pve2Memory),
                    Lab.node("pve3", cpu: 20, memory: 30), Lab.node("pve4", cpu: 20, memory: 30),
                ],
                (0..<8).map { Lab.guest(101 + $0, on: "pve1", cores: 3) }
                    + (0..<4).map { Lab.guest(201 + $0, on: "pve2", cores: 0.2, memoryGiB: 12, maxGiB: 16) })
        }
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 100
        let full = Lab.plan(cluster(pve2Memory: 90), settings: settings)
        // The uncapped plan relieves both, the node furthest beyond a threshold (pve2) first.
        #expect(full.recommendations.first?.source == "pve2")
        #expect(full.summary.maxCpuPctAfter <= 60)
        settings.maxMovesPerPlan = 1
        let one = Lab.plan(cluster(pve2Memory: 90), settings: settings)
        #expect(one.recommendations.map(\.source) == ["pve1"])
        #expect(one.summary.maxCpuPctAfter < 80)
        #expect((one.summary.remainingReliefMoves ?? 0) > 0)
        // At 96 % memory pve2 risks running out of memory: its relief comes first even capped.
        let emergency = Lab.plan(cluster(pve2Memory: 96), settings: settings)
        #expect(emergency.recommendations.map(\.source) == ["pve2"])
        #expect(emergency.summary.maxCpuPctAfter == 80)
    }

    @Test("when no placement relieves every node, targets pushed over the threshold keep levelling the peak")
    func waterFillLevelsIsland() throws {
        // pve1 and pve2 alone share storage "a": pve1's thirty 3 % guests can only go to pve2, and
        // the pair cannot end under 65 % on average.
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 90, memory: 40, storages: ["a"]), Lab.node("pve2", cpu: 40, memory: 40, storages: ["a"]),
                Lab.node("pve3", cpu: 20, memory: 40, storages: ["b"]), Lab.node("pve4", cpu: 20, memory: 40, storages: ["b"]),
            ],
            (0..<30).map { Lab.guest(101 + $0, on: "pve1", cores: 0.96, memoryGiB: 1, maxGiB: 1, storages: ["a"]) })
        let input = PlanInput(snapshot: snapshot, now: Lab.now)
        #expect(abs(PlanBounds.of(input).cpuWaterLevelPct - 65) < 0.01)
        let plan = Planner.plan(input)
        #expect(plan.recommendations.allSatisfy { $0.target == "pve2" })
        // Levelled to within one guest of the water level, not stopped once pve2 passed 60 %.
        #expect(plan.summary.maxCpuPctAfter <= 66.01)
    }

    @Test("when no target stays under the threshold, a move that lowers the peak is still made")
    func waterFillCutsPeak() {
        // pve1 at 84 % (guests of 20, 20, 20 and 24 %), pve2 at 45 % with nothing to move: any
        // move takes pve2 over 60 %, but sending a 20 % guest cuts the peak from 84 % to 65 %
        // (the 24 % one, which alone brings pve1 under 60 %, would leave pve2 at 69 %).
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 84, memory: 40), Lab.node("pve2", cpu: 45, memory: 40)],
            (0..<3).map { Lab.guest(101 + $0, on: "pve1", cores: 6.4) } + [Lab.guest(104, on: "pve1", cores: 7.68)])
        let plan = Lab.plan(snapshot)
        #expect(plan.recommendations.count == 1)
        #expect(plan.recommendations.allSatisfy { [101, 102, 103].contains($0.vmid) })
        #expect(abs(plan.summary.maxCpuPctAfter - 65) < 0.01)
    }

    @Test("resource-wise pressure: a memory-bound node sends memory away and then takes a CPU-heavy guest")
    func resourceWisePressure() throws {
        // pve2 is memory-bound (80 %) at 7 % CPU; pve1 is CPU-bound (75 %); pve3 is warm (58 % CPU).
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 75, memory: 40), Lab.node("pve2", cpu: 7, memory: 80),
                Lab.node("pve3", cpu: 58, memory: 40),
            ],
            [
                Lab.guest(101, on: "pve1", cores: 5, memoryGiB: 2), Lab.guest(102, on: "pve1", cores: 1),
                Lab.guest(201, on: "pve2", cores: 0.2, memoryGiB: 24, maxGiB: 32), Lab.guest(202, on: "pve2", cores: 0.2),
            ])
        let plan = Lab.plan(snapshot)
        #expect(plan.recommendations.map(\.vmid) == [201, 101])
        #expect(plan.move(201)?.target == "pve3")
        #expect(plan.move(101)?.target == "pve2")
        let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        let pve2 = try #require(plan.summary.nodes.first { $0.node == "pve2" })
        #expect(pve1.cpuPctAfter <= 60 && pve2.memoryPctAfter <= 65)
        // With one move allowed the plan cuts the CPU peak now (the small guest leaves pve1; the
        // memory-heavy guest's departure alone would not) and says a full relief needs more.
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 1
        let one = Lab.plan(snapshot, settings: settings)
        #expect(one.recommendations.map(\.vmid) == [102])
        #expect(one.summary.maxCpuPctAfter < 75)
        #expect((one.summary.remainingReliefMoves ?? 0) > 0)
    }

    @Test("resource-wise pressure: a CPU-bound node takes an idle memory-heavy guest; a node under both takes nothing")
    func resourceWiseBothWays() throws {
        // pve1 is beyond both thresholds; pve2 is memory-bound at 10 % CPU; pve3 CPU-bound at 30 % memory.
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 75, memory: 80), Lab.node("pve2", cpu: 10, memory: 80),
                Lab.node("pve3", cpu: 75, memory: 30),
            ],
            [
                Lab.guest(201, on: "pve2", cores: 0, memoryGiB: 24, maxGiB: 32), Lab.guest(202, on: "pve2", cores: 0.5),
                Lab.guest(301, on: "pve3", cores: 6, memoryGiB: 2), Lab.guest(302, on: "pve3", cores: 1),
            ])
        let plan = Lab.plan(snapshot)
        #expect(plan.move(201)?.target == "pve3")
        #expect(plan.move(301)?.target == "pve2")
        #expect(!plan.recommendations.contains { $0.target == "pve1" })
        let pve2 = try #require(plan.summary.nodes.first { $0.node == "pve2" })
        let pve3 = try #require(plan.summary.nodes.first { $0.node == "pve3" })
        #expect(pve2.memoryPctAfter <= 65 && pve3.cpuPctAfter <= 60)
        // pve3 ends no higher on CPU than it started, pve2 no higher on memory.
        #expect(pve3.cpuPctAfter <= pve3.cpuPctBefore && pve2.memoryPctAfter <= pve2.memoryPctBefore)
    }
}

/// Proxmox HA rules in plans: HA-managed guests move only when their node is evacuated, and
/// then strict node affinity and negative resource affinity are hard target rules, positive
/// resource affinity moves guests together.
@Suite("Engine: HA rules")
struct EngineHARulesTests {
    /// pve1 (to evacuate) runs HA guests 101 and 102; pve2 is the coolest node.
    static func cluster(_ rules: HARules, extra: [GuestState] = []) -> ClusterSnapshot {
        var guests = [Lab.guest(101, on: "pve1", cores: 8), Lab.guest(102, on: "pve1", cores: 1)]
        for index in guests.indices { guests[index].ha = HAState(state: "started") }
        var snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 60, memory: 50), Lab.node("pve2", cpu: 10, memory: 30), Lab.node("pve3", cpu: 30, memory: 40)],
            guests + extra)
        snapshot.haRules = rules
        return snapshot
    }

    static func nodes(_ names: String...) -> [HANodePriority] { names.map { HANodePriority(node: $0, priority: 0) } }

    @Test("an evacuation honours a strict node affinity rule, and says why a node is refused")
    func strictNodeAffinity() {
        let rules = HARules(nodeAffinity: [
            HANodeAffinityRule(id: "keep", source: "rule", vmids: [101], nodes: Self.nodes("pve1", "pve3"), strict: true)
        ])
        let plan = Lab.plan(Self.cluster(rules), maintenance: ["pve1"])
        #expect(plan.move(101)?.target == "pve3")
        let options = Planner.migrationOptions(vmid: 101, PlanInput(snapshot: Self.cluster(rules), maintenance: ["pve1"], now: Lab.now))
        let refused = options?.disqualified.first { $0.node == "pve2" }
        #expect(refused?.rule == "rule_ha_node_affinity")
        #expect(refused?.detail == "HA rule keep keeps guest 101 on pve1, pve3")
        // Without the rule the coolest node is chosen.
        #expect(Lab.plan(Self.cluster(HARules()), maintenance: ["pve1"]).move(101)?.target == "pve2")
    }

    @Test("a non-strict rule does not stop an evacuation")
    func preferredNodes() {
        let rules = HARules(nodeAffinity: [HANodeAffinityRule(id: "soft", source: "group", vmids: [101], nodes: Self.nodes("pve1"), strict: false)])
        #expect(Lab.plan(Self.cluster(rules), maintenance: ["pve1"]).move(101) != nil)
    }

    @Test("negative resource affinity keeps members apart; positive moves them together")
    func resourceAffinity() {
        let apart = HARules(resourceAffinity: [HAResourceAffinityRule(id: "apart", affinity: .negative, vmids: [101, 201])])
        let plan = Lab.plan(Self.cluster(apart, extra: [Lab.guest(201, on: "pve2")]), maintenance: ["pve1"])
        #expect(plan.move(101)?.target == "pve3")

        let together = HARules(resourceAffinity: [HAResourceAffinityRule(id: "pair", affinity: .positive, vmids: [101, 102])])
        let paired = Lab.plan(Self.cluster(together), maintenance: ["pve1"])
        #expect(paired.move(101) != nil)
        #expect(paired.move(101)?.target == paired.move(102)?.target)
    }
}
