import Logging

/// Learns a cluster id from the bus: the first retained `{base}/<cluster>/cluster/state`.
enum ClusterDiscovery {
    /// The cluster of the first snapshot seen within `timeout`, or `nil`.
    static func firstCluster(common: CommonConfiguration, logger: Logger, timeout: Duration = .seconds(10)) async throws -> String? {
        let configuration = try ServiceRunner.mqttConfiguration(
            common, clientID: "proxbalance-discovery-\(UInt32.random(in: 0...UInt32.max))")
        let client = MQTTClient(configuration: configuration, logger: logger)
        try await client.connect()
        let subscription: MQTTSubscription
        do {
            subscription = try await client.subscribe(Topics.allClusterStates(base: common.baseTopic), qos: .atLeastOnce)
        } catch {
            await client.disconnect()
            throw error
        }
        let found = try await withThrowingTaskGroup(of: String?.self) { group in
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
        await client.disconnect()
        return found
    }
}
