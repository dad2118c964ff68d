import Contract
import Foundation
import Logging
import ServiceRuntime
import TestSupport
import Testing

/// The cluster id a service keeps in its data directory, on a real file.
@Suite("Remembered cluster id")
struct RememberedClusterTests {
    let logger = Logger(label: "remembered-cluster-test")

    @Test("saved in <data_dir>/<service>.cluster (creating the directory) and read back; nothing saved reads as nil")
    func roundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "remembered-cluster")
        defer { directory.remove() }
        let memory = RememberedCluster(directory: directory.file("data"), service: .collector)
        #expect(memory.path == directory.file("data") + "/collector.cluster")
        #expect(memory.load(logger: logger) == nil)
        try memory.save("homelab")
        #expect(memory.load(logger: logger) == "homelab")
        try memory.save("lab2")
        #expect(memory.load(logger: logger) == "lab2")
        #expect(RememberedCluster(directory: directory.file("data"), service: .executor).load(logger: logger) == nil)
    }

    @Test("a file that does not hold a valid topic level is ignored, not used", arguments: ["", "a/b", "#", "$SYS"])
    func invalidContent(content: String) throws {
        let directory = try TemporaryDirectory(prefix: "remembered-cluster")
        defer { directory.remove() }
        let memory = RememberedCluster(directory: directory.path, service: .executor)
        try Data(content.utf8).write(to: URL(fileURLWithPath: memory.path))
        #expect(memory.load(logger: logger) == nil)
    }
}
