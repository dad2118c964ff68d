import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("Reports: CSV export")
struct ReportsExportTests {
    typealias F = ServiceFixtures

    @Test("header line and one row per move, in plan order")
    func rows() {
        let csv = RecommendationExport.csv([F.move(101, step: 1), F.move(111, name: "syncthing", type: .lxc, to: "pve3", step: 2)])
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "step,vmid,name,type,source,target,kind,urgency,score_improvement,confidence,risk_level,command,summary")
        #expect(lines[1] == "1,101,web,qemu,pve1,pve2,overload_relief,medium,22.3,70.0,low,qm migrate 101 pve2 --online,pve1 has high CPU (82 %)")
        #expect(lines[2].hasPrefix("2,111,syncthing,lxc,pve1,pve3,"))
        #expect(lines.count == 4 && lines[3].isEmpty)  // CRLF after the last row too
    }

    @Test("fields with commas, quotes and line breaks are quoted, quotes doubled")
    func quoting() {
        let move = F.move(101, name: "web, \"prod\"", summary: "pve1 is busy,\nmove it")
        let row = RecommendationExport.csv([move]).components(separatedBy: "\r\n")[1]
        #expect(row.hasPrefix(#"1,101,"web, ""prod""",qemu,"#))
        #expect(row.hasSuffix("\"pve1 is busy,\nmove it\""))
    }

    @Test("an unnamed guest has an empty name field; no moves is just the header")
    func emptyValues() {
        #expect(RecommendationExport.csv([F.move(101, name: nil)]).components(separatedBy: "\r\n")[1].hasPrefix("1,101,,qemu,"))
        #expect(RecommendationExport.csv([]) == RecommendationExport.columns.joined(separator: ",") + "\r\n")
    }
}
