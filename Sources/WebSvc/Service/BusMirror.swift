import ConsoleCore
import Logging
import MQTT
import ServiceLifecycle

/// Follows every topic the console shows, under the base topic, and merges each message into
/// the hub. Subscribed when created, so `online` (and `/readyz`) come only after the broker
/// acknowledged every subscription and the retained state is on its way.
struct BusMirror: Service {
    let hub: ConsoleHub
    let mqtt: MQTTClient
    let subscriptions: [MQTTSubscription]
    let logger: Logger

    init(hub: ConsoleHub, mqtt: MQTTClient, logger: Logger) async throws {
        self.hub = hub
        self.mqtt = mqtt
        self.logger = logger
        var subscriptions: [MQTTSubscription] = []
        for filter in ConsolePart.subscriptions(base: hub.base) {
            subscriptions.append(try await mqtt.subscribe(filter, qos: .atMostOnce))
        }
        self.subscriptions = subscriptions
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await followConnection() }
                for subscription in subscriptions {
                    group.addTask {
                        for await message in subscription {
                            await hub.apply(topic: message.topic, payload: message.payload)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            subscriptions.forEach { $0.cancel() }
        }
    }

    /// Tells the hub (and so every page) whether the broker is connected.
    private func followConnection() async {
        for await state in mqtt.connectionStates().cancelOnGracefulShutdown() {
            switch state {
            case .connected: await hub.setConnected(true)
            case .reconnecting(let error):
                logger.warning("broker connection lost; the console shows the last state it has", metadata: ["error": "\(error)"])
                await hub.setConnected(false)
            case .closed: return
            case .idle, .connecting: break
            }
        }
    }
}
