import Contract
import Foundation
import ProxmoxAPI
import ScoringEngine
import Testing

@Suite("PVE lenient decoding")
struct PVELenientDecodingTests {
    private func fields(_ json: String) throws -> PVEFields {
        try JSONDecoder().decode(PVEFields.self, from: Data(json.utf8))
    }

    @Test("numbers arrive as numbers or numeric strings")
    func numbersFromStrings() throws {
        let object = try fields(#"{"mhz":"800.000","load":"0.16","cores":4,"cpus":"8","swap":512.0}"#)
        #expect(try object.optional("mhz", as: Double.self) == 800)
        #expect(try object.optional("load", as: Double.self) == 0.16)
        #expect(try object.optional("cores", as: Int.self) == 4)
        #expect(try object.optional("cpus", as: Int.self) == 8)
        #expect(try object.optional("swap", as: Int.self) == 512)
    }

    @Test("fractional byte averages round to the nearest integer")
    func fractionalIntegers() throws {
        let object = try fields(#"{"mem":57576897877.6667,"netin":"1.4"}"#)
        #expect(try object.optional("mem", as: Int.self) == 57_576_897_878)
        #expect(try object.optional("netin", as: Int.self) == 1)
    }

    @Test(
        "booleans from 0/1, \"1\", true, \"true\" and friends",
        arguments: [
            ("0", false), ("1", true), ("2", true), (#""1""#, true), (#""0""#, false), ("true", true),
            ("false", false), (#""true""#, true), (#""false""#, false), (#""yes""#, true), (#""off""#, false),
        ])
    func booleans(json: String, expected: Bool) throws {
        #expect(try fields(#"{"flag":\#(json)}"#).optional("flag", as: Bool.self) == expected)
    }

    @Test("vmid is read from an integer or a string", arguments: [#"106"#, #""106""#, #"106.0"#])
    func vmidIntOrString(vmid: String) throws {
        let entry = try JSONDecoder().decode(PVEGuestListEntry.self, from: Data(#"{"vmid":\#(vmid)}"#.utf8))
        #expect(entry.vmid == 106)
    }

    @Test("strings accept numbers, rendered as Proxmox writes them")
    func stringsFromNumbers() throws {
        let object = try fields(#"{"id":110,"ratio":0.5,"on":true}"#)
        #expect(try object.optional("id", as: String.self) == "110")
        #expect(try object.optional("ratio", as: String.self) == "0.5")
        #expect(try object.optional("on", as: String.self) == "1")
    }

    @Test("absent, null and empty-string members read as nil; empty strings stay strings")
    func missingValues() throws {
        let object = try fields(#"{"cpu":null,"disk":"","name":""}"#)
        #expect(try object.optional("cpu", as: Double.self) == nil)
        #expect(try object.optional("disk", as: Int.self) == nil)
        #expect(try object.optional("nothere", as: Int.self) == nil)
        #expect(try object.optional("name", as: String.self) == "")
    }

    @Test("unknown members and missing optional members never fail a model")
    func unknownAndMissingFields() throws {
        let json = #"{"id":"qemu/1","type":"qemu","brand-new":{"nested":[1,"x",null]},"another":[true]}"#
        let resource = try JSONDecoder().decode(PVEResource.self, from: Data(json.utf8))
        #expect(resource.id == "qemu/1")
        #expect(resource.guestKind == .qemu)
        #expect(resource.vmid == nil && resource.cpu == nil && resource.mem == nil && resource.node == nil)
        #expect(resource.tags.isEmpty && resource.template == false)
    }

    @Test("every RRD field is optional: an empty bucket decodes")
    func emptyRRDBucket() throws {
        let points = try JSONDecoder().decode([PVEGuestRRDPoint].self, from: Data(#"[{"time":1693110660},{}]"#.utf8))
        #expect(points[0].time == Date(timeIntervalSince1970: 1_693_110_660))
        #expect(points[0].cpu == nil && points[0].mem == nil)
        #expect(points[1].time == nil)
    }

    @Test("a member of the wrong shape fails with an error naming the member")
    func mismatchNamesField() throws {
        let data = Data(#"[{"vmid":1},{"vmid":{"oops":1}}]"#.utf8)
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode([PVEGuestListEntry].self, from: data)
        }
        let text = String(describing: error)
        #expect(text.contains("'vmid'"))
        #expect(text.contains("expected an integer"))
        #expect(text.contains("found an object"))
    }

    @Test("a missing required member fails with an error naming it")
    func missingRequired() throws {
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(PVEGuestListEntry.self, from: Data(#"{"name":"x"}"#.utf8))
        }
        #expect(String(describing: error).contains("'vmid'"))
    }

    @Test("lists convert each element (loadavg strings become doubles)")
    func lists() throws {
        let object = try fields(#"{"loadavg":["0.16","0.10",0.02],"bad":["1",{}]}"#)
        #expect(try object.list("loadavg", of: Double.self) == [0.16, 0.10, 0.02])
        #expect(throws: DecodingError.self) { try object.list("bad", of: Double.self) }
    }

    @Test("PVEValue round-trips through JSON and renders integers without a fraction")
    func valueRoundTrip() throws {
        let json = #"{"a":[1,2.5,"x",true,null],"b":{"c":4096}}"#
        let value = try JSONDecoder().decode(PVEValue.self, from: Data(json.utf8))
        let again = try JSONDecoder().decode(PVEValue.self, from: JSONEncoder().encode(value))
        #expect(again == value)
        #expect(value.objectValue?["b"]?.objectValue?["c"]?.stringValue == "4096")
        #expect(value.objectValue?["a"]?.arrayValue?[3] == .bool(true))
    }

    @Test(
        "config sizes use binary K/M/G/T suffixes",
        arguments: [
            ("32G", 34_359_738_368), ("512M", 536_870_912), ("1T", 1_099_511_627_776), ("4K", 4096),
            ("1.5G", 1_610_612_736), ("1000", 1000), ("", nil), ("G", nil), ("12X", nil), ("-1G", nil),
        ] as [(String, Int?)])
    func configSizes(text: String, bytes: Int?) {
        #expect(PVEByteSize.parseConfigSize(text) == bytes)
    }

    @Test(
        "rendered sizes use B/KiB/MiB/GiB/TiB",
        arguments: [
            ("1.1 GiB", 1_181_116_006), ("399.1 MiB", 418_486_682), ("512 B", 512), ("2.0 TiB", 2_199_023_255_552),
            ("1.0 KiB", 1024), ("1.1 GB", nil), ("GiB", nil),
        ] as [(String, Int?)])
    func renderedSizes(text: String, bytes: Int?) {
        #expect(PVEByteSize.parseRendered(text) == bytes)
    }

    @Test(
        "tags split on ; , and whitespace",
        arguments: [
            ("prod;web", ["prod", "web"]), ("a, b;;c  d", ["a", "b", "c", "d"]), ("", []),
            ("go-proxmox+cloud-init", ["go-proxmox+cloud-init"]),
        ])
    func tags(raw: String, expected: [String]) {
        #expect(PVETags.parse(raw) == expected)
    }

    @Test("property strings split the default element from key=value options")
    func propertyStrings() {
        let disk = PVEPropertyString("local-lvm:vm-100-disk-0,iothread=1,size=32G", defaultKey: "file")
        #expect(disk.defaultValue == "local-lvm:vm-100-disk-0")
        #expect(disk.options == ["iothread": "1", "size": "32G"])
        #expect(PVEPropertyString("current=4096", defaultKey: "current").defaultValue == "4096")
        #expect(PVEPropertyString("/mnt/data,mp=/data,shared=1").flag("shared"))
        #expect(!PVEPropertyString("/mnt/data,mp=/data").flag("shared"))
    }
}
