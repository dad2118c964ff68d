import ArgumentParser
import Contract
import Foundation
import Logging

/// `pb-bench`: measures ProxBalance and prints the figures as JSON. Build with
/// `swift build -c release` first: the RSS measurement starts the release service binaries
/// that sit next to this one.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pb-bench",
        abstract:
            "Measure ProxBalance (MQTT throughput, collection cycle, snapshot size and scoring path, idle RSS, plan generation, automation decision, journal writes, notifier, web, metrics history, outcome history) and print JSON."
    )

    @Option(help: "QoS 1 messages to publish.") var messages = 50_000
    @Option(help: "Unacknowledged publishes in flight.") var inFlight = 1000
    @Option(help: "Nodes of the generated cluster.") var nodes = 32
    @Option(help: "Guests of the generated cluster.") var guests = 5000
    @Option(help: "Steady collection cycles after the first.") var cycles = 3
    @Option(help: "Which parts to run (comma-separated): mqtt, collection, snapshot, rss, planning, executor, notifier, web, history, outcomes.")
    var only = "mqtt,collection,snapshot,rss,planning,executor,notifier,web,history,outcomes"
    @Option(help: "Planning runs per cluster size (the best is reported).") var planRepeats = 3
    @Option(help: "max_moves_per_plan for the planning benchmark.") var planMaxMoves = 1000
    @Option(help: "Cluster sizes of the planning benchmark, nodes x guests, comma-separated.") var planSizes = "4x20,16x500,32x5000"
    @Option(help: "Events stored by the notifier benchmark.") var notifierEvents = 5000
    @Option(help: "Deliveries (one request each) of the notifier benchmark.") var notifierDeliveries = 2000
    @Option(help: "Open console pages (event streams) of the web benchmark.") var webPages = 50
    @Option(help: "Bus events the web benchmark publishes.") var webMessages = 200

    func run() async throws {
        var logger = Logger(label: "pb-bench")
        logger.logLevel = .error
        let parts = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        var report = BenchReport(machine: .init(cores: ProcessInfo.processInfo.activeProcessorCount, build: build))
        if parts.contains("mqtt") {
            do {
                report.mqttPublish = try await MQTTPublishBenchmark.run(messages: messages, payloadBytes: 1024, inFlight: inFlight, logger: logger)
            } catch { report.errors.append("mqtt: \(error)") }
        }
        if parts.contains("collection") {
            do {
                let (collection, encoding) = try await CollectionBenchmark.run(nodes: nodes, guests: guests, steadyCycles: cycles, logger: logger)
                report.collection = collection
                report.snapshotEncoding = encoding
            } catch { report.errors.append("collection: \(error)") }
        }
        if parts.contains("snapshot") {
            do {
                report.snapshotPath = try await SnapshotPathBenchmark.run(nodes: nodes, guests: guests, repeats: planRepeats, logger: logger)
            } catch { report.errors.append("snapshot: \(error)") }
        }
        if parts.contains("rss") {
            do {
                report.idleRSS = try await IdleRSSBenchmark.run(settle: .seconds(6), logger: logger)
            } catch { report.errors.append("rss: \(error)") }
            do {
                report.idleRSSWithHTTP = try await IdleRSSBenchmark.run(settle: .seconds(6), httpEndpoint: true, logger: logger)
            } catch { report.errors.append("rss with HTTP: \(error)") }
        }
        if parts.contains("planning") {
            let sizes = planSizes.split(separator: ",").compactMap { size -> (nodes: Int, guests: Int)? in
                let parts = size.split(separator: "x").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
            report.planning = await PlanningBenchmark.run(sizes: sizes, repeats: planRepeats, maxMoves: planMaxMoves)
        }
        if parts.contains("executor") {
            report.automationDecision = await ExecutorBenchmark.decision(nodes: nodes, guests: guests, repeats: planRepeats)
            do {
                report.journalWrites = try await ExecutorBenchmark.journal(writes: 1000, logger: logger)
            } catch { report.errors.append("executor: \(error)") }
        }
        if parts.contains("notifier") {
            do {
                report.notifier = try await NotifierBenchmark.run(events: notifierEvents, deliveries: notifierDeliveries, logger: logger)
            } catch { report.errors.append("notifier: \(error)") }
        }
        if parts.contains("web") {
            do {
                report.web = try await WebBenchmark.run(nodes: nodes, guests: guests, pages: webPages, messages: webMessages, logger: logger)
            } catch { report.errors.append("web: \(error)") }
        }
        if parts.contains("history") {
            do {
                report.history = try await HistoryBenchmark.run(nodes: nodes, guests: guests, logger: logger)
            } catch { report.errors.append("history: \(error)") }
        }
        if parts.contains("outcomes") {
            do {
                report.outcomes = try await OutcomeBenchmark.run(nodes: nodes, guests: guests, logger: logger)
            } catch { report.errors.append("outcomes: \(error)") }
        }
        let json = try MessageCoding.makeEncoder(pretty: true).encode(report)
        print(String(decoding: json, as: UTF8.self))
        if !report.errors.isEmpty { throw ExitCode(1) }
    }
}
