import MQTT
import ServiceLifecycle

/// A service whose `run()` starts once its client is connected: services publish from `run()`,
/// and a client that has not connected yet refuses to publish. Stopped while it waits, it
/// returns without running the service.
struct WhenConnected: Service {
    let service: any Service
    let mqtt: MQTTClient

    func run() async throws {
        let mqtt = mqtt
        let connected = await cancelWhenGracefulShutdown {
            for await state in mqtt.connectionStates() {
                if state == .connected { return true }
                if state == .closed { return false }
            }
            return false  // cancelled
        }
        guard connected else { return }
        try await service.run()
    }
}
