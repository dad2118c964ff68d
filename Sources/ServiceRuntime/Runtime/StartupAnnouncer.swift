import Contract
import Foundation
import Logging
import MQTT

/// Keeps a service that learns its cluster id from Proxmox visible while Proxmox refuses or
/// cannot be reached at start: it connects to the broker where subscribers look
/// (`StartupDestination`), comes `online` there and publishes the failure (`StartupFailure`) —
/// a rejected token at once, other failures from the second attempt on, and again only when the
/// reason changes. When Proxmox answers, it remembers the cluster id (`RememberedCluster`),
/// publishes `recovered` if it had announced a failure, and hands the topics over to the
/// service's own connection.
actor StartupAnnouncer {
    private let service: ServiceName
    private let common: CommonConfiguration
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let remembered: RememberedCluster
    private var destination: StartupDestination?
    private var client: MQTTClient?
    private var announced: StartupFailure.Reason?
    /// Failed attempts so far.
    private var failures = 0

    init(service: ServiceName, common: CommonConfiguration, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.service = service
        self.common = common
        self.logger = logger
        self.now = now
        remembered = RememberedCluster(directory: common.dataDirectory, service: service)
    }

    /// Runs `learn` (one attempt to read the cluster id from Proxmox): remembers the id it
    /// returns; announces the error it throws, then rethrows it for the caller to retry.
    func learn(_ learn: @Sendable () async throws -> String?) async throws -> String? {
        do {
            let cluster = try await learn()
            if let cluster, Topics.isValidLevel(cluster) {
                do { try remembered.save(cluster) } catch {
                    logger.warning("cluster id not remembered", metadata: ["file": "\(remembered.path)", "error": "\(error)"])
                }
            }
            return cluster
        } catch let error as ConfigurationError {
            throw error
        } catch let error where error is CancellationError || Task.isCancelled {
            // Stopped while asking Proxmox: not a failure to announce.
            throw CancellationError()
        } catch {
            await announce(StartupFailure(error))
            throw error
        }
    }

    /// Ends the announcing once the service runs for `cluster`: `recovered` where the failure
    /// was announced, then a disconnect that leaves the availability to the service's own
    /// connection — or, when that uses other topics, clears this retained availability (nobody
    /// serves there, and no one should be told the service went offline).
    func finish(cluster: String) async {
        guard let client, let destination else { return }
        if announced != nil {
            let event = StartupFailure.recovered(service: service, cluster: destination.cluster ?? "", serving: cluster, at: now())
            await publish(event, to: destination)
        }
        self.client = nil
        if destination.cluster == cluster {
            await client.disconnectQuietly()
            return
        }
        let availability = destination.availability(base: common.baseTopic, service)
        do {
            try await client.publish(MQTTMessage(topic: availability, payload: [], retain: true))
            await client.disconnectQuietly()
        } catch {
            logger.warning("start-up availability not cleared", metadata: ["topic": "\(availability)", "error": "\(error)"])
            await client.disconnect()
        }
    }

    /// Ends the announcing without handing over (the service stops during start-up):
    /// disconnects, publishing `offline` where it came `online`.
    func stop() async {
        guard let client else { return }
        self.client = nil
        await client.disconnect()
    }

    private func announce(_ failure: StartupFailure) async {
        failures += 1
        // As for collection cycles: a rejected token at once, a lone failed attempt not at all.
        guard failure.reason != announced, failure.reason == .authentication || failures >= 2 else { return }
        guard let destination = await connectedDestination() else { return }
        let event = failure.event(service: service, cluster: destination.cluster ?? "", at: now())
        if await publish(event, to: destination) { announced = failure.reason }
    }

    /// Where the connection to the broker announces, connecting on first use; `nil` (logged)
    /// while the broker cannot be reached: the next failure tries again.
    private func connectedDestination() async -> StartupDestination? {
        if client != nil, let destination { return destination }
        // Chosen again after a failed connect: the bus may hold a cluster by the next attempt.
        let destination = await chooseDestination()
        do {
            // A clean session of its own: never the service's (possibly persistent) session.
            let clientID = "proxbalance-\(service.rawValue)-startup-\(UInt32.random(in: 0...UInt32.max))"
            var configuration = try common.mqttConfiguration(clientID: clientID)
            configuration.setAvailability(topic: destination.availability(base: common.baseTopic, service))
            let client = MQTTClient(configuration: configuration, logger: logger)
            try await client.connect()
            self.client = client
            self.destination = destination
            logger.info(
                "connected to announce the start-up failure",
                metadata: ["availability": "\(destination.availability(base: common.baseTopic, service))"])
            return destination
        } catch {
            logger.warning("start-up failure not announced: broker not reachable", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func chooseDestination() async -> StartupDestination {
        let last = remembered.load(logger: logger)
        var onBus: Set<String> = []
        if last == nil {
            do { onBus = try await ClusterDiscovery.clusters(common: common, logger: logger) } catch {
                logger.warning("no cluster found on the bus", metadata: ["error": "\(error)"])
            }
        }
        return StartupDestination.choose(remembered: last, onBus: onBus)
    }

    @discardableResult
    private func publish(_ event: BusEvent, to destination: StartupDestination) async -> Bool {
        guard let client else { return false }
        let topic = destination.events(base: common.baseTopic, event.category)
        do {
            try await client.publish(MQTTMessage(topic: topic, data: try MessageCoding.encode(event)))
            logger.notice("announced", metadata: ["topic": "\(topic)", "kind": "\(event.kind)"])
            return true
        } catch {
            logger.warning("start-up event not published", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return false
        }
    }
}
