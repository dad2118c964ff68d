import Foundation
import ProxmoxAPI
import Testing

@Suite("PVE UPID")
struct PVEUPIDTests {
    @Test(
        "parse then format gives the same string",
        arguments: [
            "UPID:yoonmanserver:002E5769:0E52B273:6A1FD43B:qmigrate:140:root@pam!terraform-macbook:",
            "UPID:pve1:00001234:1ABCDEF01:65000000:vzdump::root@pam:",
            "UPID:iaclab-01-01:00000DD3:1C419D88:6119FB65:srvreload:networking:root@pam:",
            "UPID:pve:00001BF3:00296B59:5E7E0B69:qmcreate:789:uterra@pve:",
        ])
    func roundTrip(text: String) throws {
        let upid = try PVEUPID(parsing: text)
        let formatted = PVEUPID(
            node: upid.node, pid: upid.pid, pstart: upid.pstart, startTime: upid.startTime, type: upid.type, id: upid.id,
            user: upid.user)
        #expect(formatted.rawValue == text)
        #expect(formatted == upid)
        #expect(upid.description == text)
    }

    @Test("fields: hex pid/pstart/starttime, token user, empty id")
    func fields() throws {
        let upid = try PVEUPID(parsing: "UPID:yoonmanserver:002E5769:0E52B273:6A1FD43B:qmigrate:140:root@pam!terraform-macbook:")
        #expect(upid.node == "yoonmanserver" && upid.pid == 0x002E_5769 && upid.pstart == 0x0E52_B273)
        #expect(upid.startTime == Date(timeIntervalSince1970: 0x6A1F_D43B))
        #expect(upid.type == "qmigrate" && upid.id == "140")
        #expect(upid.user == "root@pam!terraform-macbook" && upid.userID == "root@pam" && upid.tokenName == "terraform-macbook")

        let backup = try PVEUPID(parsing: "UPID:pve1:00001234:1ABCDEF01:65000000:vzdump::root@pam:")
        #expect(backup.id.isEmpty && backup.pstart == 0x1_ABCD_EF01 && backup.tokenName == nil)
    }

    @Test("decodes from a JSON string and rejects a malformed one as a decoding error")
    func decodable() throws {
        let good = try JSONDecoder().decode(PVEUPID.self, from: Data(#""UPID:pve:00001BF3:00296B59:5E7E0B69:qmcreate:789:uterra@pve:""#.utf8))
        #expect(good.type == "qmcreate")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PVEUPID.self, from: Data(#""UPID:pve""#.utf8)) }
    }

    @Test(
        "malformed UPIDs are rejected with the reason",
        arguments: [
            ("UPID:pve:00001BF3:00296B59:5E7E0B69:qmcreate:789:uterra@pve", "colon-terminated"),
            ("UPID:node1:000FF1FD:10F9374C:630D702C:vzdump:110:root@pam:keep-running", "colon-terminated"),
            ("TASK:pve:00001BF3:00296B59:5E7E0B69:qmcreate:789:uterra@pve:", "'UPID:'"),
            ("UPID:pve:XYZ01BF3:00296B59:5E7E0B69:qmcreate:789:uterra@pve:", "pid"),
            ("UPID:pve:00001BF3:296B59:5E7E0B69:qmcreate:789:uterra@pve:", "pstart"),
            ("UPID:pve:00001BF3:00296B59:5E7E0B6:qmcreate:789:uterra@pve:", "start time"),
            ("UPID:p_v:00001BF3:00296B59:5E7E0B69:qmcreate:789:uterra@pve:", "node"),
            ("UPID:pve:00001BF3:00296B59:5E7E0B69::789:uterra@pve:", "type"),
            ("UPID:pve:00001BF3:00296B59:5E7E0B69:qmcreate:789::", "user"),
        ])
    func rejects(text: String, reason: String) throws {
        let error = try #require(throws: PVEUPIDError.self) { try PVEUPID(parsing: text) }
        #expect(error.description.contains(reason))
    }
}
