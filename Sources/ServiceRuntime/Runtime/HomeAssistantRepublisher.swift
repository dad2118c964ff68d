import Foundation
public import Logging
public import MQTT
public import ServiceLifecycle

/// Keeps a service's Home Assistant discovery on the broker: runs `republish` when Home
/// Assistant announces itself (`online` on its status topic, `PROXBALANCE_HA_STATUS_TOPIC`,
/// default `homeassistant/status`) and after every reconnect to the broker. Retained copies of
/// the status, delivered at subscribe, are skipped: they are the start-up state, which the
/// service's normal publishing covers. So a broker that lost its retained messages, or a device
/// a user deleted in Home Assistant (an empty retained config), gets its config back.
public struct HomeAssistantRepublisher: Service {
    private let mqtt: MQTTClient
    private let births: MQTTSubscription
    private let logger: Logger
    private let republish: @Sendable () async -> Void

    /// Subscribes to `statusTopic` (create it with the other services, before the client connects).
    public init(mqtt: MQTTClient, statusTopic: String, logger: Logger, republish: @escaping @Sendable () async -> Void) async throws {
        self.mqtt = mqtt
        self.logger = logger
        self.republish = republish
        births = try await mqtt.subscribe(statusTopic, qos: .atMostOnce, ignoreRetained: true)
    }

    /// `true` for a live (not retained) `online` birth message.
    public static func isBirth(_ message: MQTTMessage) -> Bool {
        !message.retain && message.payloadString?.trimmingCharacters(in: .whitespacesAndNewlines) == MQTTMessage.onlinePayload
    }

    public func run() async throws {
        let (mqtt, births, logger, republish) = (mqtt, births, logger, republish)
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await message in births where Self.isBirth(message) {
                        logger.info("Home Assistant started: discovery republished")
                        await republish()
                    }
                }
                group.addTask {
                    var lost = false
                    for await state in mqtt.connectionStates() {
                        switch state {
                        case .connected where lost:
                            lost = false
                            logger.info("reconnected: Home Assistant discovery republished")
                            await republish()
                        case .reconnecting: lost = true
                        case .closed: births.cancel()
                        default: break
                        }
                    }
                }
            }
        }
    }
}
