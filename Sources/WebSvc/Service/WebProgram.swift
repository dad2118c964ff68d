import ConsoleCore
import Contract
import Foundation
import Logging
import MQTT
import ServiceLifecycle
import ServiceRuntime

/// `pb-web`'s wiring: follows every cluster under the base topic and serves the console.
public struct WebProgram: ServiceProgram {
    /// Called with the console's port once it listens (tests bind port 0).
    let onListening: @Sendable (Int) async -> Void

    public init(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.onListening = onListening
    }

    public var service: ServiceName { .web }
    public var scope: ClusterScope { .every }

    public func settings(from source: ConfigSource) throws -> WebConfiguration {
        try WebConfiguration(source: source)
    }

    public func services(_ context: ServiceContext, _ configuration: WebConfiguration) async throws -> [any Service] {
        let base = context.common.baseTopic
        let hub = ConsoleHub(base: base)
        let mirror = try await BusMirror(hub: hub, mqtt: context.mqtt, logger: context.logger)
        // Sessions are kept there; when it cannot be made they only do not survive a restart.
        try? FileManager.default.createDirectory(atPath: context.common.dataDirectory, withIntermediateDirectories: true)
        let accounts = try AccountStore(
            file: AccountFile(path: configuration.usersFile), sessionsFile: context.common.dataDirectory + "/web-sessions.json",
            lifetime: configuration.sessionLifetime, logger: context.logger)
        let account = (try? context.common.mqttConfiguration(clientID: "pb-web").username) ?? nil
        let caller = BusCaller(
            mqtt: context.mqtt, hub: hub, inbox: "\(base)/clients/\(account ?? "console")/responses/web", logger: context.logger)
        let routes = ConsoleRoutes(hub: hub, accounts: accounts, caller: caller, secure: configuration.tls != nil)
        return [
            mirror,
            ConsoleServer(configuration: configuration, routes: routes, hub: hub, logger: context.logger, onListening: onListening),
        ]
    }
}
