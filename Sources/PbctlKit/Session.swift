import Contract
import Foundation
import MQTT
import PbctlCore

/// A connected command: the bus, the cluster it acts on and, when asked for, its snapshot.
struct Session: Sendable {
    let bus: Bus
    let cluster: String
    /// Every cluster seen on the bus (just `cluster` when `--cluster` named it).
    let clusters: [String]
    let snapshot: JSONValue?
    let style: Style
    let width: Int?

    var base: String { bus.settings.baseTopic }
    /// `{b}`.
    var root: String { "\(base)/\(cluster)" }
    var topics: Topics { Topics(base: base, cluster: cluster) }

    /// Connects and finds the cluster: `--cluster` (or its setting), else the only one whose
    /// retained `<base>/+/cluster/state` is on the bus.
    static func open(_ options: GlobalOptions, snapshot needed: Bool = false) async throws(PbctlFailure) -> Session {
        let settings = try options.settings()
        let bus = try await Bus.connect(settings, timeout: options.waitLimit, requester: BusRequest.requester(osUser: Terminal.osUser))
        do {
            return try await find(bus: bus, settings: settings, snapshotNeeded: needed)
        } catch {
            await bus.close()
            throw error
        }
    }

    private static func find(bus: Bus, settings: ConnectionSettings, snapshotNeeded: Bool) async throws(PbctlFailure) -> Session {
        let style = Terminal.style
        let width = Terminal.width
        if let cluster = settings.cluster {
            guard snapshotNeeded else { return Session(bus: bus, cluster: cluster, clusters: [cluster], snapshot: nil, style: style, width: width) }
            if let snapshot = await bus.retainedJSON(Topics(base: settings.baseTopic, cluster: cluster).clusterState) {
                return Session(bus: bus, cluster: cluster, clusters: [cluster], snapshot: snapshot, style: style, width: width)
            }
            let others = try await discover(bus: bus, base: settings.baseTopic).keys.sorted()
            guard others.isEmpty else {
                throw PbctlFailure(.notFound, "cluster '\(cluster)' is not on the bus (clusters: \(others.joined(separator: ", ")))")
            }
            throw PbctlFailure(.noAnswer, "no snapshot of cluster '\(cluster)' on the bus (is pb-collector running?)")
        }
        let found = try await discover(bus: bus, base: settings.baseTopic)
        switch found.count {
        case 0:
            throw PbctlFailure(.noAnswer, "no cluster on the bus under \(settings.baseTopic)/ (is pb-collector running? is the base topic right?)")
        case 1:
            let (cluster, snapshot) = found.first!
            return Session(bus: bus, cluster: cluster, clusters: [cluster], snapshot: snapshot, style: style, width: width)
        default:
            throw PbctlFailure(
                .usage, "several clusters are on the bus (\(found.keys.sorted().joined(separator: ", "))): choose one with --cluster")
        }
    }

    /// Cluster id → its retained snapshot.
    private static func discover(bus: Bus, base: String) async throws(PbctlFailure) -> [String: JSONValue] {
        let messages = await bus.retained([Topics.allClusterStates(base: base)], quiet: .milliseconds(500))
        var found: [String: JSONValue] = [:]
        for message in messages {
            guard let cluster = Topics.cluster(in: message.topic, base: base), let snapshot = try? JSONValue.parse(message.payload) else { continue }
            found[cluster] = snapshot
        }
        return found
    }

    /// The snapshot, which `open(_:snapshot: true)` guarantees.
    var requiredSnapshot: JSONValue {
        get throws(PbctlFailure) {
            guard let snapshot else { throw PbctlFailure(.noAnswer, "no snapshot of cluster '\(cluster)' on the bus") }
            return snapshot
        }
    }

    /// Sends a request to `{b}/…` (or, for the notifier without one of its own for this
    /// cluster, `<base>/notifier/…`).
    func send(_ request: BusRequest) async throws(PbctlFailure) -> JSONValue {
        try await bus.send(request, root: await serviceRoot(request.service))
    }

    /// `{b}`, or `<base>` for the bus-wide notifier.
    func serviceRoot(_ service: ServiceName) async -> String {
        guard service == .notifier else { return root }
        let own = await bus.retained([topics.availability(.notifier)], quiet: .milliseconds(300), limit: .seconds(2)) { !$0.isEmpty }
        return own.isEmpty ? base : root
    }

    /// Prints `value` as indented JSON.
    func printJSON(_ value: JSONValue) { Terminal.print(value.json()) }

    /// Prints a table sized to the terminal.
    func printTable(_ table: Table) { Terminal.print(table.render(width: width, style: style)) }

    func close() async { await bus.close() }
}

extension Session {
    /// Runs `body` with an open session and closes it afterwards, whatever happens.
    static func with<T: Sendable>(
        _ options: GlobalOptions, snapshot: Bool = false, _ body: (Session) async throws -> T
    ) async throws -> T {
        let session = try await open(options, snapshot: snapshot)
        do {
            let value = try await body(session)
            await session.close()
            return value
        } catch {
            await session.close()
            throw error
        }
    }
}
