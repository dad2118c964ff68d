import Contract
import Foundation
import ProxmoxAPI
import Testing

/// Proxmox HA rules and groups as read from the API (shapes of the PVE 9 and PVE 8 API schema),
/// and what they allow.
@Suite("HA rules")
struct HARulesTests {
    static let rulesJSON = """
        [{"rule":"db-on-big","type":"node-affinity","resources":"vm:100,ct:101","nodes":"pve1:2,pve2:2,pve3","strict":1,"digest":"ab"},
         {"rule":"web-prefers","type":"node-affinity","resources":"vm:200","nodes":"pve3:1,pve2","strict":0},
         {"rule":"apart","type":"resource-affinity","resources":"vm:100,vm:102","affinity":"negative","comment":"replicas"},
         {"rule":"together","type":"resource-affinity","resources":"vm:300,vm:301","affinity":"positive"},
         {"rule":"off","type":"node-affinity","resources":"vm:400","nodes":"pve1","strict":1,"disable":1},
         {"rule":"future","type":"something-new","resources":"vm:500"}]
        """

    static func rules() throws -> HARules {
        HARules(pveRules: try JSONDecoder().decode([PVEHARule].self, from: Data(rulesJSON.utf8)))
    }

    @Test("PVE 9 rules: enabled node and resource affinity rules, priorities and strictness kept")
    func pve9Rules() throws {
        let rules = try Self.rules()
        #expect(rules.nodeAffinity.map(\.id) == ["db-on-big", "web-prefers"])
        let db = try #require(rules.nodeAffinity.first)
        #expect(db.vmids == [100, 101])
        #expect(db.strict)
        #expect(db.source == "rule")
        #expect(
            db.nodes == [
                HANodePriority(node: "pve1", priority: 2), HANodePriority(node: "pve2", priority: 2), HANodePriority(node: "pve3", priority: 0),
            ])
        #expect(db.preferredNodes == ["pve1", "pve2"])
        #expect(
            rules.resourceAffinity == [
                HAResourceAffinityRule(id: "apart", affinity: .negative, vmids: [100, 102]),
                HAResourceAffinityRule(id: "together", affinity: .positive, vmids: [300, 301]),
            ])
    }

    @Test("PVE 8 groups: each group with members becomes a node affinity rule, restricted as strict")
    func pve8Groups() throws {
        let groups = try JSONDecoder().decode(
            [PVEHAGroup].self,
            from: Data(
                #"[{"group":"big","nodes":"pve1:2,pve2","restricted":1,"nofailback":0,"type":"group"},{"group":"unused","nodes":"pve3"},{"group":"soft","nodes":"pve2","restricted":"0"}]"#
                    .utf8))
        let resources = try JSONDecoder().decode(
            [PVEHAResource].self,
            from: Data(#"[{"sid":"vm:100","group":"big"},{"sid":"ct:101","group":"soft","state":"started"},{"sid":"vm:102"}]"#.utf8))
        let rules = HARules(pveGroups: groups, resources: resources)
        #expect(
            rules.nodeAffinity == [
                HANodeAffinityRule(
                    id: "big", source: "group", vmids: [100],
                    nodes: [HANodePriority(node: "pve1", priority: 2), HANodePriority(node: "pve2", priority: 0)],
                    strict: true),
                HANodeAffinityRule(id: "soft", source: "group", vmids: [101], nodes: [HANodePriority(node: "pve2", priority: 0)], strict: false),
            ])
        #expect(rules.resourceAffinity.isEmpty)
    }

    @Test("hard rules: a strict rule's nodes and negative affinity; a non-strict rule only prefers")
    func violations() throws {
        let rules = try Self.rules()
        let placement = [100: "pve1", 101: "pve1", 102: "pve2", 200: "pve3"]
        func violation(_ vmid: Int, _ target: String) -> String? { rules.violation(moving: vmid, to: target, nodeOf: { placement[$0] }) }
        #expect(violation(101, "pve4") == "HA rule db-on-big keeps guest 101 on pve1, pve2, pve3")
        #expect(violation(101, "pve3") == nil)
        #expect(violation(100, "pve2") == "HA rule apart keeps guest 100 apart from guest 102, which runs on pve2")
        #expect(violation(100, "pve3") == nil)
        #expect(violation(200, "pve1") == nil)
        #expect(rules.nodeAffinityViolation(moving: 200, to: "pve1", strictOnly: false) == "HA rule web-prefers prefers guest 200 on pve3")
        #expect(violation(400, "pve9") == nil)
    }

    @Test("ha_rules round-trips in the snapshot with snake_case keys and is absent when unknown")
    func inSnapshot() throws {
        var snapshot = ClusterSnapshot(
            cluster: "c", collectedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collection: CollectionInfo(cycle: 1, durationMs: 1, intervalSeconds: 60, apiCalls: 1, errors: []),
            quorum: QuorumState(quorate: true, nodesOnline: 1, nodesTotal: 1), pveVersion: "9.0.3", nodes: [], guests: [], storages: [])
        #expect(!String(decoding: try MessageCoding.encode(snapshot), as: UTF8.self).contains("ha_rules"))
        snapshot.haRules = try Self.rules()
        let text = String(decoding: try MessageCoding.encode(snapshot), as: UTF8.self)
        #expect(text.contains(#""ha_rules":{"node_affinity":[{"id":"db-on-big","nodes":[{"node":"pve1","priority":2}"#))
        #expect(text.contains(#"{"affinity":"negative","id":"apart","vmids":[100,102]}"#))
        #expect(try MessageCoding.decode(ClusterSnapshot.self, from: Data(text.utf8)) == snapshot)
    }
}
