import MQTT
import ServiceRuntime
import Testing

/// A request session lives at the broker exactly as long as a command may wait.
@Suite("Service session")
struct ServiceSessionTests {
    @Test("a commands session is persistent and expires after the command age limit; a clean one starts clean")
    func expiry() throws {
        var configuration = try MQTTConfiguration(url: "mqtt://127.0.0.1:1883", clientID: "proxbalance-executor-demo")
        ServiceSession.commands.apply(to: &configuration, commandMaxAge: 300)
        #expect(configuration.cleanStart == false)
        #expect(configuration.sessionExpiry == 300)
        ServiceSession.clean.apply(to: &configuration, commandMaxAge: 300)
        #expect(configuration.cleanStart == true)
    }
}
