import Contract
import Logging
import MQTT

/// Learns the cluster id a service serves: from its settings, from Proxmox, or from the bus (the
/// retained `{base}/<cluster>/cluster/state` snapshots).
enum ClusterDiscovery {
    /// The configured cluster id, else the one `learn` finds, else the first cluster seen on
    /// the bus. Retries with backoff until one is known; throws `CancellationError` when the
    /// task is cancelled first.
    static func resolve(
        common: CommonConfiguration, logger: Logger, learn: @Sendable () async throws -> String?
    ) async throws -> String {
        if let cluster = common.cluster { return cluster }
        var delay = Duration.seconds(1)
        while true {
            do {
                var learned = try await learn()
                if learned == nil { learned = try await firstCluster(common: common, logger: logger) }
                if let learned {
                    guard Topics.isValidLevel(learned) else {
                        throw ConfigurationError(
                            setting: ConfigSource.environmentName("cluster"),
                            problem: "the cluster name '\(learned)' cannot be a topic level; set PROXBALANCE_CLUSTER")
                    }
                    return learned
                }
            } catch let error as ConfigurationError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.warning(
                    "cluster id not known yet; set PROXBALANCE_CLUSTER to skip this", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
            }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }

    /// The cluster of the first snapshot seen within `timeout`, or `nil`.
    static func firstCluster(common: CommonConfiguration, logger: Logger, timeout: Duration = .seconds(10)) async throws -> String? {
        try await readingClusterStates(common: common, logger: logger) { subscription in
            try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    for await message in subscription {
                        if let cluster = Topics.cluster(in: message.topic, base: common.baseTopic) { return cluster }
                    }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                subscription.cancel()
                group.cancelAll()
                return first
            }
        }
    }

    /// Every cluster whose snapshot arrives within `window` (the retained ones arrive at once).
    static func clusters(common: CommonConfiguration, logger: Logger, window: Duration = .seconds(2)) async throws -> Set<String> {
        try await readingClusterStates(common: common, logger: logger) { subscription in
            let collecting = Task {
                var seen: Set<String> = []
                for await message in subscription {
                    if let cluster = Topics.cluster(in: message.topic, base: common.baseTopic) { seen.insert(cluster) }
                }
                return seen
            }
            try? await Task.sleep(for: window)
            subscription.cancel()
            return await collecting.value
        }
    }

    /// Runs `body` with a subscription to every cluster's snapshot on a connection of its own.
    private static func readingClusterStates<T: Sendable>(
        common: CommonConfiguration, logger: Logger, _ body: (MQTTSubscription) async throws -> T
    ) async throws -> T {
        let configuration = try common.mqttConfiguration(clientID: "proxbalance-discovery-\(UInt32.random(in: 0...UInt32.max))")
        let client = MQTTClient(configuration: configuration, logger: logger)
        try await client.connect()
        do {
            let subscription = try await client.subscribe(Topics.allClusterStates(base: common.baseTopic), qos: .atLeastOnce)
            let result = try await body(subscription)
            await client.disconnect()
            return result
        } catch {
            await client.disconnect()
            throw error
        }
    }
}
