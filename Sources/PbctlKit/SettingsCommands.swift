import ArgumentParser
import Contract
import Foundation
import MQTT
import PbctlCore

extension ServiceName: ExpressibleByArgument {}

/// The services with bus settings.
private func settingsService(_ name: ServiceName) throws -> ServiceName {
    guard [.scoring, .executor, .notifier].contains(name) else {
        throw ValidationError("\(name.rawValue) has no settings on the bus: scoring, executor or notifier")
    }
    return name
}

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Read or change a service's settings.", subcommands: [SettingsGetCommand.self, SettingsSetCommand.self])
}

struct SettingsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "A service's effective settings (secrets redacted) as key = value lines.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "scoring, executor or notifier.") var service: ServiceName
    @Argument(help: "Only keys starting with these (dotted, e.g. penalties.cpu_threshold).") var keys: [String] = []
    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try settingsService(service) }

    func run() async throws {
        try await Session.with(global) { session in
            let root = await session.serviceRoot(service)
            guard let settings = await session.bus.retainedJSON("\(root)/\(service.rawValue)/settings") else {
                throw PbctlFailure(
                    .noAnswer, "no settings of \(service.rawValue) on \(root)/\(service.rawValue)/settings (is pb-\(service.rawValue) running?)")
            }
            if output.json {
                session.printJSON(settings)
                return
            }
            let lines = Views.flatten(settings).filter { line in
                keys.isEmpty || keys.contains { line.hasPrefix($0 + " ") || line.hasPrefix($0 + ".") }
            }
            guard !lines.isEmpty else {
                throw PbctlFailure(.notFound, "not_found: no setting \(keys.joined(separator: ", ")) in \(service.rawValue)")
            }
            Terminal.print(lines.joined(separator: "\n"))
        }
    }
}

struct SettingsSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change settings: key=value … (dotted keys nest; values are JSON when they parse, else strings).",
        discussion: """
            pbctl settings set scoring penalties.cpu_threshold=55 max_moves_per_plan=10
            pbctl settings set executor enabled=true 'migration_windows=[{"name":"nights","start":"22:00","end":"06:00"}]'
            The service validates the whole update: a refused value changes nothing and is printed as it answered.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "scoring, executor or notifier.") var service: ServiceName
    @Argument(help: "key=value assignments.") var assignments: [String] = []
    @OptionGroup var output: OutputOptions

    func validate() throws { _ = try settingsService(service) }

    func run() async throws {
        let patch = try SettingsAssignment.patch(assignments)
        try await Session.with(global) { session in
            let result = try await session.send(.settings(service, patch))
            if output.json {
                session.printJSON(result)
                return
            }
            let changed = Views.flatten(.object(patch)).map { String($0.prefix { $0 != " " }) }
            let lines = Views.flatten(result).filter { line in changed.contains { line.hasPrefix($0 + " ") || line.hasPrefix($0 + ".") } }
            Terminal.print("\(service.rawValue) settings updated")
            if !lines.isEmpty { Terminal.print(lines.joined(separator: "\n")) }
        }
    }
}

struct AutomationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automation", abstract: "The executor's automation: its state, on/off, dry run, a run now.",
        subcommands: [
            AutomationStatusCommand.self, AutomationOnCommand.self, AutomationOffCommand.self, AutomationDryRunCommand.self,
            AutomationRunCommand.self,
        ], defaultSubcommand: AutomationStatusCommand.self)
}

struct AutomationStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "On or off, dry run or live, and the last run's decisions.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let settings = await session.bus.retainedJSON(session.topics.settings(.executor))
            let state = await session.bus.retainedJSON(session.topics.automationState, limit: .seconds(1))
            if output.json {
                session.printJSON(.object(["settings": settings ?? .null, "state": state ?? .null]))
                return
            }
            guard settings != nil || state != nil else {
                throw PbctlFailure(.noAnswer, "no automation state on the bus (is pb-executor running?)")
            }
            Terminal.print(Views.automation(state: state, settings: settings, style: session.style, width: session.width, now: Date()))
        }
    }
}

struct AutomationOnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "on", abstract: "Turn automation on (it keeps its dry-run setting).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await AutomationChange.apply(global, output, ["enabled": .bool(true)], "automation on")
    }
}

struct AutomationOffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "off", abstract: "Turn automation off.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await AutomationChange.apply(global, output, ["enabled": .bool(false)], "automation off")
    }
}

/// An automation switch: a partial update of the executor's settings.
enum AutomationChange {
    static func apply(_ global: GlobalOptions, _ output: OutputOptions, _ patch: [String: JSONValue], _ done: String) async throws {
        try await Session.with(global) { session in
            let result = try await session.send(.settings(.executor, patch))
            if output.json {
                session.printJSON(result)
                return
            }
            let enabled = result["enabled"]?.bool == true
            let dryRun = result["dry_run"]?.bool == true
            Terminal.print("\(done): automation is now \(enabled ? "on" : "off"), \(dryRun ? "dry run" : "live")")
        }
    }
}

struct AutomationDryRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dry-run", abstract: "Turn automation's dry run on (decide only) or off (move).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "on or off.") var state: MaintenanceCommand.Switch
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await AutomationChange.apply(global, output, ["dry_run": .bool(state == .on)], "dry run \(state.rawValue)")
    }
}

struct AutomationRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run automation now (even when it is off) and show its decisions.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let state = try await session.send(.request(.executor, "run_automation"))
            if output.json {
                session.printJSON(state)
            } else {
                Terminal.print(Views.automation(state: state, settings: nil, style: session.style, width: session.width, now: Date()))
            }
        }
    }
}
