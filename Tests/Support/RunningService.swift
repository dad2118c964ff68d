import MQTT
import ServiceLifecycle
import ServiceRuntime

/// A service running in-process as its executable runs it — `ServiceRunner` with the program's
/// own wiring, in a `ServiceGroup` — with its settings given as `PROXBALANCE_…` variables
/// instead of the process environment. `stop()` is a graceful shutdown, as SIGTERM is for the
/// executable.
public struct RunningService: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    /// Finishes when the run ends.
    private let ended: AsyncStream<Void>

    /// Starts `program` with `environment` as its settings.
    /// - Throws: `ConfigurationError` for a missing or wrong setting.
    public init(_ program: some ServiceProgram, environment: [String: String]) throws {
        let runner = try ServiceRunner(program, source: ConfigSource(environment: environment))
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: runner, serviceName: runner.description)], logger: runner.logger))
        let (ended, finish) = AsyncStream<Void>.makeStream()
        self.group = group
        self.ended = ended
        task = Task {
            defer { finish.finish() }
            try await group.run()
        }
    }

    /// Starts `program` on `broker` with `settings` (`PROXBALANCE_MQTT_URL` is the broker's,
    /// `PROXBALANCE_LOG_LEVEL` is `warning` unless given) and returns once a message appears on
    /// `readyTopic` — a retained topic the service announces on when it is ready, cleared first
    /// so that only this run's announcement counts.
    public static func start(
        _ program: some ServiceProgram, broker: MosquittoBroker, settings: [String: String], readyOn readyTopic: String
    ) async throws -> RunningService {
        let observer = try await TestBus.client(broker)
        do {
            try await observer.publish(MQTTMessage(topic: readyTopic, payload: [], retain: true))
            let ready = try await observer.subscribe(readyTopic)
            let environment = ["PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_LOG_LEVEL": "warning"].merging(settings) { $1 }
            let service = try RunningService(program, environment: environment)
            do {
                try await service.untilReady { _ = try await ready.next(within: .seconds(20)) { !$0.payload.isEmpty } }
            } catch {
                try? await service.stop()
                throw error
            }
            await observer.disconnect()
            return service
        } catch {
            await observer.disconnect()
            throw error
        }
    }

    /// Graceful shutdown, as on SIGTERM: returns once the services stopped and the client
    /// disconnected (publishing `offline`); rethrows what the run threw.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Waits for `ready`; fails with the run's error when the service stops first.
    private func untilReady(_ ready: @escaping @Sendable () async throws -> Void) async throws {
        let ended = ended
        let isReady = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await ready()
                return true
            }
            group.addTask {
                for await _ in ended {}
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard isReady else {
            try await task.value
            throw TestFailure("the service stopped before it was ready")
        }
    }
}
