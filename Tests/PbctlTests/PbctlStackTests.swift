import Contract
import Foundation
import PbctlCore
import StackSupport
import TestSupport
import Testing

/// The built `pbctl` against the real system on the demo cluster (`homelab`: pve3..pve6, pve3
/// overloaded): broker, simulator, collector, scoring, executor, notifier and pb-web.
@Suite("pbctl on the real stack", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct PbctlStackTests {
    static func runner(_ stack: ConsoleStack) -> PbctlRunner { PbctlRunner(brokerURL: stack.broker.url, home: stack.directory) }

    /// The plan's moves, once scoring has planned.
    static func plan(_ pbctl: PbctlRunner) async throws -> [JSONValue] {
        let recs = try await pbctl.eventually(["recs", "--json"]) { $0.status == 0 && ((try? $0.json())?["items"]?.items.isEmpty == false) }
        return try recs.json()["items"]?.items ?? []
    }

    @Test(
        "read commands: status, nodes, guests, recs, why, options, settings, automation, history; --json parses; exit codes", .timeLimit(.minutes(3)))
    func readCommands() async throws {
        try await ConsoleStack.run { stack in
            let pbctl = Self.runner(stack)
            let moves = try await Self.plan(pbctl)
            let first = try #require(moves.first)
            #expect(first["source"]?.string == "pve3", "pve3 is the overloaded node")
            let vmid = try #require(first["vmid"]?.int)

            let status = try await pbctl("status")
            #expect(status.status == 0, "\(status)")
            for expected in [
                "cluster      homelab", "collector online", "scoring online", "executor online", "quorate, 4 of 4 nodes online", "pending",
            ] {
                #expect(status.output.contains(expected), "\(expected): \(status)")
            }
            #expect(!status.output.contains("\u{1B}["), "no colour without a terminal")
            let statusJSON = try (try await pbctl("status", "--json")).json()
            #expect(statusJSON["cluster"]?.string == "homelab")
            #expect((statusJSON["pending_moves"]?.int ?? 0) > 0)
            #expect(statusJSON["quorum"]?["quorate"]?.bool == true)

            let nodes = try await pbctl("nodes")
            #expect(nodes.status == 0, "\(nodes)")
            #expect(nodes.lines.first?.hasPrefix("NODE  STATUS") == true, "\(nodes)")
            #expect(["pve3", "pve4", "pve5", "pve6"].allSatisfy { node in nodes.lines.contains { $0.hasPrefix(node) } }, "\(nodes)")
            let nodeList = try (try await pbctl("nodes", "--json")).json().items
            #expect(nodeList.count == 4)
            let hottest = nodeList.max { ($0["cpu_pct"]?.double ?? 0) < ($1["cpu_pct"]?.double ?? 0) }
            #expect(hottest?["name"]?.string == "pve3")

            let guests = try await pbctl("guests", "--node", "pve3")
            #expect(guests.status == 0 && guests.lines.count > 1, "\(guests)")
            #expect(guests.lines.dropFirst().allSatisfy { $0.contains(" pve3 ") }, "\(guests)")
            let narrow = try await pbctl.run(["guests"], environment: ["COLUMNS": "60"])
            #expect(narrow.lines.allSatisfy { $0.count <= 60 }, "the table fits 60 columns: \(narrow)")
            #expect(try (try await pbctl("guests", "--json")).json().items.count > 10)
            #expect(try await pbctl("guests", "--node", "pve9").status == 4)

            let recs = try await pbctl("recs")
            #expect(recs.status == 0, "\(recs)")
            #expect(recs.lines.contains { $0.contains("STEP") && $0.contains("GUEST") }, "\(recs)")
            #expect(recs.output.contains("pve3 → "), "\(recs)")
            #expect(try await pbctl("recs", "--urgency", "extreme").status == 1, "scoring refuses an unknown urgency")

            let why = try await pbctl("why", "\(vmid)")
            #expect(why.status == 0 && why.output.contains("\(vmid)"), "\(why)")
            if let name = first["name"]?.string {
                #expect(try await pbctl("why", name).output == why.output, "a guest by name")
            }
            #expect(try (try await pbctl("why", "\(vmid)", "--json")).json()["recommended"]?.bool == true)
            let options = try await pbctl("options", "\(vmid)")
            #expect(options.status == 0 && options.output.contains("TARGET"), "\(options)")
            #expect(try (try await pbctl("options", "\(vmid)", "--json")).json()["vmid"]?.int == vmid)
            let unknown = try await pbctl("why", "999999")
            #expect(unknown.status == 4, "\(unknown)")
            #expect(unknown.errors.contains("not_found"), "\(unknown)")
            #expect(try await pbctl("options", "no-such-guest").status == 4)
            #expect(try await pbctl("status", "--cluster", "nowhere").status == 4)

            let threshold = try await pbctl("settings", "get", "scoring", "penalties.cpu_threshold")
            #expect(threshold.output == "penalties.cpu_threshold = 60\n", "\(threshold)")
            let refused = try await pbctl("settings", "set", "scoring", "penalties.cpu_threshold=150")
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.errors.contains("invalid: penalties.cpu_threshold: must be from 1 to 100, got 150"), "\(refused)")
            let accepted = try await pbctl("settings", "set", "scoring", "penalties.cpu_threshold=55")
            #expect(accepted.status == 0 && accepted.output.contains("penalties.cpu_threshold = 55"), "\(accepted)")
            #expect(try await pbctl("settings", "set", "scoring", "no-equals-sign").status == 2)

            let automation = try await pbctl("automation", "status")
            #expect(automation.status == 0 && automation.output.contains("automation   off, dry run"), "\(automation)")
            let dryRunOff = try await pbctl("automation", "dry-run", "off")
            #expect(dryRunOff.status == 0 && dryRunOff.output.contains("automation is now off, live"), "\(dryRunOff)")
            let executorSettings = try (try await pbctl("settings", "get", "executor", "--json")).json()
            #expect(executorSettings["dry_run"]?.bool == false)

            let history = try await pbctl("history", "--json", "--since", "1h")
            #expect(history.status == 0 && (try? history.json())?["count"]?.int == 0, "\(history)")
            #expect(try await pbctl("history", "--csv").output.hasPrefix("id,created_at,origin,vmid"))
            let notify = try await pbctl("notify", "test", "no-such-destination")
            #expect(notify.status == 4, "\(notify)")

            // A stopped service: the request waits in its session until it expires; pbctl gives up.
            try await stack.stop(.scoring)
            let silent = try await pbctl("recs", "--timeout", "1.5")
            #expect(silent.status == 3, "\(silent)")
            #expect(silent.errors.contains("no answer from pb-scoring") || silent.errors.contains("nobody listens"), "\(silent)")
        }
    }

    @Test("migrate --yes follows the migration to completed; maintenance pve6 on puts its evacuation in the plan", .timeLimit(.minutes(3)))
    func migrateAndMaintenance() async throws {
        try await ConsoleStack.run { stack in
            let pbctl = Self.runner(stack)
            let first = try #require(try await Self.plan(pbctl).first)
            let vmid = try #require(first["vmid"]?.int)

            let unconfirmed = try await pbctl("migrate", "\(vmid)")
            #expect(unconfirmed.status == 2, "without a terminal a live move needs --yes: \(unconfirmed)")
            #expect(unconfirmed.errors.contains("--yes"))

            let migrate = try await pbctl("migrate", "\(vmid)", "--yes", limit: .seconds(120))
            #expect(migrate.status == 0, "\(migrate)")
            #expect(migrate.lines.contains { $0.hasPrefix("running") && $0.contains("%") && $0.contains("/s") }, "progress shown: \(migrate)")
            #expect(migrate.lines.last?.contains(": completed") == true, "\(migrate)")
            let id = try #require(migrate.lines.first?.split(separator: ":").first.map(String.init))

            let history = try (try await pbctl("history", "--json")).json()
            let recorded = history["migrations"]?.items.first { $0["id"]?.string == id }
            #expect(recorded?["state"]?.string == "completed")
            #expect(recorded?["requested_by"]?.string?.hasPrefix("pbctl:") == true, "the executor records who asked")
            #expect(try await pbctl("history").output.contains(id))
            #expect(try await pbctl("cancel", "m-nonexistent").status == 4)

            // Events are not retained: listen while maintenance changes the plan.
            let events = try pbctl.start("events", "--json", "--timeout", "6")
            try await events.waitForError(containing: "listening on proxbalance/homelab/events/#")
            let on = try await pbctl("maintenance", "pve6", "on")
            #expect(on.status == 0 && on.output.contains("in maintenance: pve6"), "\(on)")
            let planned = try await pbctl.eventually(["recs", "--json"]) { result in
                ((try? result.json())?["items"]?.items ?? []).contains {
                    $0["source"]?.string == "pve6" && $0["kind"]?.string == "maintenance_evacuation"
                }
            }
            #expect(planned.status == 0)
            #expect(try await pbctl("status").output.contains("maintenance  pve6"))
            let heard = await events.result()
            #expect(heard.status == 0, "\(heard)")
            let kinds = heard.lines.compactMap { try? JSONValue.parse(Array($0.utf8)) }.map {
                "\($0["category"]?.string ?? "").\($0["kind"]?.string ?? "")"
            }
            #expect(kinds.contains { $0.hasPrefix("recommendations.") }, "the plan's change is an event: \(heard)")
            let evacuation = try await pbctl("evacuate", "pve6", "--dry-run")
            #expect(evacuation.status == 0 && evacuation.output.contains("evacuating pve6"), "\(evacuation)")
            let run = try await pbctl("automation", "run")
            #expect(run.status == 0 && run.output.contains("last run"), "\(run)")
            #expect(try await pbctl("maintenance", "pve99", "on").status == 4)
            let off = try await pbctl("maintenance", "pve6", "off")
            #expect(off.status == 0 && off.output.contains("no node is in maintenance"), "\(off)")
        }
    }

    @Test(
        "every executable answers --help and --version and exits",
        arguments: [
            "pb-collector", "pb-scoring", "pb-executor", "pb-notifier", "pb-web", "pb-pvesim", "pbctl",
        ])
    func helpAndVersion(_ name: String) async throws {
        let help = try await Executables.run(name, ["--help"], limit: .seconds(20))
        #expect(help.status == 0, "\(help)")
        #expect(help.output.lowercased().contains("usage"), "\(help)")
        #expect(help.output.contains(name), "\(help)")
        let version = try await Executables.run(name, ["--version"], limit: .seconds(20))
        #expect(version.status == 0, "\(version)")
        #expect(version.output == "\(name) \(ProductVersion.current)\n", "\(version)")
        if name.hasPrefix("pb-") && name != "pb-pvesim" {
            let wrong = try await Executables.run(name, ["--frobnicate"], limit: .seconds(20))
            #expect(wrong.status == 2 && wrong.errors.contains("--help"), "\(wrong)")
        }
    }

    @Test("no broker: exit 3 with the broker's address; a bad URL is a usage error; completion scripts")
    func noBroker() async throws {
        let home = try TemporaryDirectory(prefix: "pbctl-home")
        defer { home.remove() }
        let unreachable = try await Executables.run(
            "pbctl", ["status", "--url", "mqtt://127.0.0.1:\(try freeLoopbackPort())", "--timeout", "2"], environment: ["HOME": home.path])
        #expect(unreachable.status == 3, "\(unreachable)")
        #expect(unreachable.errors.contains("127.0.0.1"))
        #expect(try await Executables.run("pbctl", ["status", "--url", "http://x"], environment: ["HOME": home.path]).status == 2)
        #expect(try await Executables.run("pbctl", ["frobnicate"], environment: ["HOME": home.path]).status == 2)
        for shell in ["bash", "zsh", "fish"] {
            let completion = try await Executables.run("pbctl", ["--generate-completion-script", shell], environment: ["HOME": home.path])
            #expect(completion.status == 0 && completion.output.contains("pbctl") && completion.output.contains("maintenance"), "\(shell)")
        }
    }
}

/// `pbctl watch` on the real stack: a plain frame with `--once`, and in place in a fixed-size
/// tmux pane when tmux is installed.
@Suite("pbctl watch on the real stack", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct PbctlWatchStackTests {
    /// tmux, when installed.
    static let tmux: URL? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].map { URL(fileURLWithPath: $0) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    @Test("watch --once at 100×30 names the four nodes and pve3's move", .timeLimit(.minutes(3)))
    func once() async throws {
        try await ConsoleStack.run { stack in
            let pbctl = PbctlStackTests.runner(stack)
            let first = try #require(try await PbctlStackTests.plan(pbctl).first)
            let move = "pve3 → \(first["target"]?.string ?? "?")"
            let frame = try await pbctl.run(["watch", "--once"], environment: ["COLUMNS": "100", "LINES": "30"])
            #expect(frame.status == 0, "\(frame)")
            #expect(frame.lines.count <= 30 && frame.lines.allSatisfy { $0.count <= 100 }, "\(frame)")
            #expect(frame.lines.first?.hasPrefix("ProxBalance homelab  quorate, 4/4 nodes online") == true, "\(frame)")
            for node in ["pve3", "pve4", "pve5", "pve6"] { #expect(frame.lines.contains { $0.hasPrefix(node + " ") }, "\(node): \(frame)") }
            #expect(frame.output.contains(move) && frame.output.contains(GuestLookup.label(first)), "\(move): \(frame)")
            #expect(!frame.output.contains("\u{1B}"), "no colour or cursor movement without a terminal")
        }
    }

    @Test(
        "watch in a detached 100×30 tmux pane: the frame in place, in colour; Ctrl-C restores the screen and exits 0",
        .enabled(if: tmux != nil), .timeLimit(.minutes(2)))
    func inTmux() async throws {
        let tmux = try #require(Self.tmux)
        try await ConsoleStack.run { stack in
            let pbctl = PbctlStackTests.runner(stack)
            let first = try #require(try await PbctlStackTests.plan(pbctl).first)
            let move = "pve3 → \(first["target"]?.string ?? "?")"
            // A tmux server of this test's own, on its own socket and without any user configuration.
            let socket = stack.directory + "/tmux.sock"
            func run(_ arguments: String...) async throws -> CommandResult {
                try await Executables.run(executable: tmux, ["-S", socket, "-f", "/dev/null"] + arguments, limit: .seconds(20))
            }
            let binary = try BuiltExecutable.url("pbctl").path
            // Through a shell that outlives Ctrl-C and then says how pbctl ended (on the normal screen,
            // once restored); pbctl sets its own SIGINT handler.
            let command =
                "trap '' INT; env -u COLUMNS -u LINES -u NO_COLOR TERM=screen PROXBALANCE_MQTT_URL='\(stack.broker.url)' HOME='\(stack.directory)' '\(binary)' watch; echo \"pbctl exited $?\"; sleep 60"
            // Starts the server: the output goes nowhere, as the server keeps what the client had.
            func detached(_ arguments: [String]) async throws -> Int32 {
                let process = Process()
                // The server tmux forks would inherit the test process's descriptors, among them
                // the one Foundation's Process watches to see the client end, which then never
                // happens: perl (perl-base) closes every descriptor past 2 first, and clears the
                // signal mask, which the server would inherit as well.
                process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
                process.arguments =
                    [
                        "-e", "use POSIX; sigprocmask(SIG_SETMASK, POSIX::SigSet->new); POSIX::close($_) for 3 .. 1023; exec @ARGV or die", tmux.path,
                        "-S", socket, "-f", "/dev/null",
                    ]
                    + arguments
                process.standardInput = FileHandle.nullDevice
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                let (ended, sink) = AsyncStream.makeStream(of: Int32.self)
                process.terminationHandler = { sink.yield($0.terminationStatus) }
                try process.run()
                var iterator = ended.makeAsyncIterator()
                return await iterator.next() ?? -1
            }
            let started = try await detached([
                "new-session", "-d", "-s", "watch", "-x", "100", "-y", "30", command,
            ])
            #expect(started == 0)
            defer {
                let stop = Process()
                stop.executableURL = tmux
                stop.arguments = ["-S", socket, "kill-server"]
                stop.standardOutput = FileHandle.nullDevice
                stop.standardError = FileHandle.nullDevice
                try? stop.run()
                stop.waitUntilExit()
            }

            func poll(within seconds: Double, _ what: String, _ done: (String) -> Bool, _ arguments: String...) async throws -> String {
                let deadline = Date().addingTimeInterval(seconds)
                var last = ""
                while Date() < deadline {
                    last = try await Executables.run(executable: tmux, ["-S", socket, "-f", "/dev/null"] + arguments, limit: .seconds(20)).output
                    if done(last) { return last }
                    try await Task.sleep(for: .milliseconds(200))
                }
                throw TestFailure("\(what) within \(seconds) s; last:\n\(last)")
            }
            let pane = try await poll(
                within: 30, "the frame in the pane", { text in ["pve3 ", "pve4 ", "pve5 ", "pve6 ", move, "MIGRATIONS"].allSatisfy(text.contains) },
                "capture-pane", "-p", "-t", "watch")
            let lines = pane.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first?.hasPrefix("ProxBalance homelab") == true, "drawn from the top: \(pane)")
            #expect(lines.allSatisfy { $0.count <= 100 }, "\(pane)")
            let escapes = try await run("capture-pane", "-p", "-e", "-t", "watch")
            #expect(escapes.output.contains("\u{1B}["), "colour on a terminal")
            #expect(try await run("display-message", "-p", "-t", "watch", "#{alternate_on}").output == "1\n", "the alternate screen")

            _ = try await run("send-keys", "-t", "watch", "C-c")
            let after = try await poll(
                within: 15, "pbctl ending on Ctrl-C", { $0.contains("pbctl exited") }, "capture-pane", "-p", "-t", "watch")
            #expect(after.contains("pbctl exited 0"), "exit status 0: \(after)")
            #expect(!after.contains("MIGRATIONS"), "the normal screen is back: \(after)")
            #expect(try await run("display-message", "-p", "-t", "watch", "#{alternate_on}").output == "0\n")
        }
    }
}
