import ArgumentParser
import ConsoleCore
import Contract
import Foundation
import MQTT
import PbctlCore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Clusters, services online, health, quorum, last collection, pending moves, running migrations.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let topics = session.topics
            let base = session.base
            let messages = await session.bus.retained(
                [
                    "\(session.root)/+/availability", "\(base)/+/availability", topics.recommendations, topics.maintenance,
                    topics.automationState, topics.settings(.executor), "\(session.root)/migrations/+",
                ], quiet: .milliseconds(400))
            var availability: [String: String] = [:]
            var migrations: [JSONValue] = []
            var parts: [String: JSONValue] = [:]
            // Bus-wide availability first, so a service of this cluster wins over the bus-wide one.
            for message in messages.sorted(by: { $0.topic.count < $1.topic.count }) {
                switch ConsolePart(topic: message.topic, base: base) {
                case .availability(_, let service)?, .busAvailability(let service)?:
                    availability[service] = message.payloadString ?? "?"
                case .migration?:
                    if let value = try? JSONValue.parse(message.payload) { migrations.append(value) }
                default:
                    if let value = try? JSONValue.parse(message.payload) { parts[message.topic] = value }
                }
            }
            let view = StatusView(
                cluster: session.cluster, clusters: session.clusters, snapshot: session.snapshot, availability: availability,
                recommendations: parts[topics.recommendations], maintenance: parts[topics.maintenance], automation: parts[topics.automationState],
                executorSettings: parts[topics.settings(.executor)], migrations: migrations, now: Date())
            if output.json { session.printJSON(view.json) } else { Terminal.print(view.render(style: session.style)) }
        }
    }
}

struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes", abstract: "Every node: CPU, memory, IO wait, load, guests, score, maintenance.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let snapshot = try session.requiredSnapshot
            if output.json {
                session.printJSON(snapshot["nodes"] ?? .array([]))
                return
            }
            let scores = await session.bus.retainedJSON(session.topics.scores, limit: .seconds(1))
            let maintenance = await session.bus.retainedJSON(session.topics.maintenance, limit: .seconds(1))
            session.printTable(Views.nodes(snapshot: snapshot, scores: scores, maintenance: maintenance))
        }
    }
}

struct GuestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "guests", abstract: "The guests (VMs and containers), optionally of one node.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only the guests on this node.") var node: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let snapshot = try session.requiredSnapshot
            if let node, !(snapshot["nodes"]?.items ?? []).contains(where: { $0["name"]?.string == node }) {
                throw PbctlFailure(.notFound, "not_found: node '\(node)' is not in cluster \(session.cluster)")
            }
            if output.json {
                session.printJSON(.array((snapshot["guests"]?.items ?? []).filter { node == nil || $0["node"]?.string == node }))
            } else {
                session.printTable(Views.guests(snapshot: snapshot, node: node))
            }
        }
    }
}

struct RecsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recs", abstract: "The plan's recommended moves in order (scoring's `recommendations` request).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only moves at least this urgent: low, medium, high, critical.") var urgency: String?
    @Option(name: .customLong("min-confidence"), help: "Only moves with at least this confidence (0-100).") var minConfidence: Double?
    @Option(help: "Only moves to this node.") var target: String?
    @Option(help: "At most this many moves (1-500).") var limit: Int?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            var fields: [String: JSONValue] = [:]
            if let urgency { fields["urgency"] = .string(urgency) }
            if let minConfidence { fields["min_confidence"] = .number(minConfidence) }
            if let target { fields["target"] = .string(target) }
            if let limit { fields["limit"] = .number(Double(limit)) }
            let result = try await session.send(.request(.scoring, "recommendations", fields))
            if output.json {
                session.printJSON(result)
                return
            }
            let items = result["items"]?.items ?? []
            let plan = await session.bus.retainedJSON(session.topics.recommendations, limit: .seconds(1))
            if let message = plan?["message"]?.string { Terminal.print(message) }
            if items.isEmpty {
                Terminal.print("no moves recommended\(fields.isEmpty ? "" : " that match")")
            } else {
                session.printTable(Views.recommendations(items))
                let total = result["total"]?.int ?? items.count
                if total > items.count { Terminal.print("(\(items.count) of \(total) shown)") }
            }
        }
    }
}

struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "why", abstract: "Why a guest moves or stays (scoring's `why` request).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The guest's vmid or name.") var guest: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let found = try GuestLookup.find(guest, in: try session.requiredSnapshot)
            let result = try await session.send(.request(.scoring, "why", ["vmid": found["vmid"] ?? .null]))
            if output.json { session.printJSON(result) } else { Terminal.print(Views.why(result)) }
        }
    }
}

struct OptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "options", abstract: "Every node a guest could move to, best first, and the ones it may not (`migration_options`).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The guest's vmid or name.") var guest: String
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let found = try GuestLookup.find(guest, in: try session.requiredSnapshot)
            let result = try await session.send(.request(.scoring, "migration_options", ["vmid": found["vmid"] ?? .null]))
            if output.json {
                session.printJSON(result)
                return
            }
            let (header, table) = Views.options(result)
            Terminal.print(header)
            session.printTable(table)
        }
    }
}

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "The cluster's events as they happen.",
        discussion: """
            Events are not retained on the bus: this prints those published while it listens, for \
            --timeout seconds, or until interrupted with --follow. With --json, one JSON object a line. \
            Once subscribed it says `listening on <topics>` on standard error.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Keep listening until interrupted.") var follow = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Session.with(global) { session in
            let filters = ["\(session.root)/events/#", "\(session.base)/events/#"]
            let stream = try await session.bus.follow(filters)
            // Subscribed: an event published from now on is printed (scripts wait for this line).
            Terminal.printError("listening on \(filters.joined(separator: ", "))")
            let listen = Task {
                for await message in stream where !message.retain {
                    guard let event = try? JSONValue.parse(message.payload) else { continue }
                    Terminal.print(output.json ? event.json(pretty: false) : Views.event(event, style: session.style))
                }
            }
            if follow {
                await listen.value
            } else {
                try? await Task.sleep(for: global.waitLimit)
                listen.cancel()
            }
        }
    }
}
