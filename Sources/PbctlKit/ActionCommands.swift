import ArgumentParser
import Contract
import Foundation
import MQTT
import PbctlCore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a guest (to the plan's target or --to NODE) and follow it until it ends.",
        discussion: """
            A live move asks for confirmation on a terminal unless --yes is given (without a terminal, \
            --yes is required). The migration's progress (phase, percent, transferred, speed) is shown \
            until its final state; interrupting pbctl does not stop the migration (`pbctl cancel <id>` does).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The guest's vmid or name.") var guest: String
    @Option(name: .customLong("to"), help: "The target node (default: the plan's target for the guest).") var target: String?
    @Flag(name: .customLong("dry-run"), help: "Validate and record only; nothing moves.") var dryRun = false
    @Flag(name: .customLong("offline"), help: "Ask for an offline VM move.") var offline = false
    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
    @Flag(name: .customLong("no-wait"), help: "Return once the migration is queued.") var noWait = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let found = try GuestLookup.find(guest, in: try session.requiredSnapshot)
            let label = GuestLookup.label(found)
            let source = found["node"]?.string ?? "?"
            var destination = target
            if destination == nil {
                let plan = await session.bus.retainedJSON(session.topics.recommendations, limit: .seconds(1))
                destination = plan?["recommendations"]?.items.first { $0["vmid"] == found["vmid"] }?["target"]?.string
            }
            if !dryRun && !yes {
                guard Terminal.inputIsTerminal else {
                    throw PbctlFailure(.usage, "a live move needs confirmation: run pbctl on a terminal or give --yes")
                }
                guard Terminal.confirm("Move \(label) live from \(source) to \(destination ?? "the plan's target")?") else {
                    throw PbctlFailure(.failed, "not confirmed: nothing was sent")
                }
            }
            var fields: [String: JSONValue] = ["vmid": found["vmid"] ?? .null, "dry_run": .bool(dryRun)]
            if let target { fields["target"] = .string(target) }
            if offline { fields["online"] = .bool(false) }
            let queued = try await session.send(.request(.executor, "migrate", fields))
            guard let id = queued["id"]?.string else { throw PbctlFailure(.failed, "the executor's answer has no migration id") }
            if noWait {
                if output.json { session.printJSON(queued) } else { Terminal.print(MigrationView.summary(queued, style: session.style)) }
                return
            }
            if !output.json { Terminal.print("\(id): \(queued["message"]?.string ?? "queued")") }
            let final = try await Self.follow(id, session: session, json: output.json)
            if output.json { session.printJSON(final) } else { Terminal.print(MigrationView.outcome(final, style: session.style)) }
            guard MigrationView.succeeded(final) else {
                throw PbctlFailure(.failed, "migration \(id) ended \(final["state"]?.string ?? "?")")
            }
        }
    }

    /// Follows `{b}/migrations/<id>` until its final state, showing the progress: in place on a
    /// terminal, else a line whenever the state or phase changes or 10 more percent moved.
    static func follow(_ id: String, session: Session, json: Bool) async throws -> JSONValue {
        let stream = try await session.bus.follow([session.topics.migration(id)])
        let inPlace = Terminal.outputIsTerminal && !json
        var lastKey = ""
        var lastPercent = -100.0
        for await message in stream {
            guard let status = try? JSONValue.parse(message.payload) else { continue }
            let state = status["state"]?.string ?? ""
            if MigrationView.finalStates.contains(state) {
                if inPlace { Terminal.write("\r\u{1B}[K") }
                return status
            }
            guard !json else { continue }
            let line = MigrationView.progressLine(status, style: session.style)
            if inPlace {
                Terminal.write("\r\u{1B}[K" + line)
                continue
            }
            let key = state + "|" + (status["progress"]?["phase"]?.string ?? "")
            let percent = status["progress"]?["percent"]?.double ?? 0
            if key != lastKey || percent - lastPercent >= 10 {
                Terminal.print(line)
                lastKey = key
                lastPercent = percent
            }
        }
        throw PbctlFailure(.noAnswer, "the connection ended before migration \(id) did")
    }
}

struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Stop a running migration's Proxmox task.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The migration id (m-…).") var migration: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let result = try await session.send(.request(.executor, "cancel", ["migration_id": .string(migration)]))
            if output.json { session.printJSON(result) } else { Terminal.print(MigrationView.summary(result, style: session.style)) }
        }
    }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Move a completed migration's guest back where it came from.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The completed migration's id (m-…).") var migration: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let result = try await session.send(.request(.executor, "rollback", ["migration_id": .string(migration)]))
            if output.json {
                session.printJSON(result)
                return
            }
            if let back = result["migration"] { Terminal.print(MigrationView.summary(back, style: session.style)) }
            if let conditions = result["conditions"]?.string { Terminal.print(conditions) }
        }
    }
}

struct EvacuateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evacuate", abstract: "Move every guest off a node in maintenance, in plan order.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The node (it must be in maintenance).") var node: String
    @Flag(name: .customLong("dry-run"), help: "Validate and record only.") var dryRun = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let result = try await session.send(.request(.executor, "evacuate", ["node": .string(node), "dry_run": .bool(dryRun)]))
            if output.json { session.printJSON(result) } else { Terminal.print(Views.evacuation(result, style: session.style, width: session.width)) }
        }
    }
}

struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Put a node in ProxBalance maintenance (its guests are planned away) or take it out.")

    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The node.") var node: String
    @Argument(help: "on or off.") var state: Switch
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let result = try await session.bus.maintenance(node: node, on: state == .on, root: session.root)
            if output.json { session.printJSON(result) } else { Terminal.print(Views.maintenance(result)) }
        }
    }
}

struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "The notifier's destinations.", subcommands: [NotifyTestCommand.self])
}

struct NotifyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a test message to a destination (exit 1 unless it was delivered).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The destination id.") var destination: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let result = try await session.send(.request(.notifier, "test", ["destination": .string(destination)]))
            if output.json { session.printJSON(result) } else { Terminal.print(Views.notifyTest(result)) }
            guard result["outcome"]?.string == "delivered" else {
                throw PbctlFailure(.failed, "the test message to \(destination) was not delivered (\(result["outcome"]?.string ?? "?"))")
            }
        }
    }
}
