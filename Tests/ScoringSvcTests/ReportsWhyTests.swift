import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("Reports: why a guest moves or stays")
struct ReportsWhyTests {
    typealias F = ServiceFixtures
    let snapshot = F.snapshot()

    @Test("a recommended guest: its step, target and reason")
    func recommended() {
        var second = F.move(111, name: "syncthing", type: .lxc, to: "pve3", step: 2)
        second.dependsOn = [1]
        let explanation = GuestExplainer.explain(vmid: 111, plan: F.plan([F.move(101), second]), snapshot: snapshot)
        #expect(explanation.recommended)
        #expect(explanation.recommendation?.target == "pve3")
        #expect(explanation.answer == "CT 111 (syncthing) should move from pve1 to pve3 (step 2 after step 1): pve1 has high CPU (82 %)")
    }

    @Test("a skipped guest: the skip entry and its detail")
    func skipped() {
        let skip = SkippedGuest(
            vmid: 111, name: "syncthing", type: .lxc, node: "pve1", reason: .insufficientImprovement,
            detail: "Best target pve2 would improve the score by 7 (minimum 15)", bestTarget: "pve2", improvement: 7)
        let explanation = GuestExplainer.explain(vmid: 111, plan: F.plan([F.move(101)], skipped: [skip]), snapshot: snapshot)
        #expect(!explanation.recommended)
        #expect(explanation.skipped == skip)
        #expect(explanation.answer == "CT 111 (syncthing) stays on pve1: Best target pve2 would improve the score by 7 (minimum 15)")
    }

    @Test("a guest the plan does not mention: template, stopped, stale or balanced plan")
    func notConsidered() {
        let plan = F.plan([F.move(101)])
        #expect(GuestExplainer.explain(vmid: 900, plan: plan, snapshot: snapshot).answer == "VM 900 (debian-tpl) stays on pve3: it is a template.")
        #expect(GuestExplainer.explain(vmid: 102, plan: plan, snapshot: snapshot).answer.contains("it is stopped"))
        #expect(GuestExplainer.explain(vmid: 111, plan: F.plan([], status: .stale), snapshot: snapshot).answer.contains("stale"))
        #expect(GuestExplainer.explain(vmid: 111, plan: F.plan([]), snapshot: snapshot).answer.contains("balanced"))
    }

    @Test("a vmid that is not in the snapshot says so")
    func unknown() {
        let explanation = GuestExplainer.explain(vmid: 4242, plan: F.plan([]), snapshot: snapshot)
        #expect(!explanation.recommended)
        #expect(explanation.recommendation == nil && explanation.skipped == nil)
        #expect(explanation.answer.hasPrefix("Guest 4242 is not in the snapshot"))
    }
}
