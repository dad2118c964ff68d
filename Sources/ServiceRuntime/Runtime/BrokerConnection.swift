import Logging
import MQTT
import ServiceLifecycle

/// A service's MQTT client as a `Service`, first in its group: `run()` connects (retrying with
/// backoff while the broker is unreachable), stays until graceful shutdown, then disconnects,
/// which publishes the retained `offline`. The group stops the other services before it.
///
/// The services subscribe before it connects, so the client publishes the retained `online`
/// birth only once the broker acknowledged all their subscriptions.
struct BrokerConnection: Service {
    let mqtt: MQTTClient
    let logger: Logger
    let metrics: BrokerMetrics

    func run() async throws {
        let (mqtt, logger) = (mqtt, logger)
        do {
            try await cancelWhenGracefulShutdown { try await Self.connect(mqtt, logger: logger) }
        } catch {
            await disconnect()
            if Task.isShuttingDownGracefully { return }  // stopped while waiting for the broker
            throw error
        }
        logger.info("connected", metadata: ["broker": "\(mqtt.configuration)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.countReconnects(of: mqtt, metrics) }
            // Returns at graceful shutdown; throws when the group is cancelled (a service failed).
            try? await gracefulShutdown()
            group.cancelAll()
        }
        await disconnect()
    }

    /// Counts every return to `connected` after the connection was lost, until cancelled.
    private static func countReconnects(of mqtt: MQTTClient, _ metrics: BrokerMetrics) async {
        var lost = false
        for await state in mqtt.connectionStates() {
            switch state {
            case .reconnecting: lost = true
            case .connected where lost:
                lost = false
                metrics.reconnected()
            default: break
            }
        }
    }

    /// Disconnects on a task of its own, so that `offline` is published even when the group
    /// was cancelled; waits at most the client's grace period for a broker that is gone.
    private func disconnect() async {
        let mqtt = mqtt
        await Task { await mqtt.disconnect() }.value
    }

    /// Connects, retrying with backoff while the broker is unreachable (in compose it may start
    /// after the service). A refusal by the broker (bad credentials, not authorised) is final.
    static func connect(_ mqtt: MQTTClient, logger: Logger) async throws {
        var delay = Duration.seconds(1)
        while true {
            do {
                try await mqtt.connect()
                return
            } catch let error as MQTTError where error.kind == .reasonCode || error.kind == .invalidArgument {
                throw error
            } catch let error where error is CancellationError || Task.isCancelled {
                throw CancellationError()
            } catch {
                logger.warning("broker not reachable yet", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
            }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }
}
