import CMosquitto
import Foundation
import Logging
import Synchronization

extension MosquittoConnection {
    // MARK: Publishing

    /// Publishes `message` and returns the broker's reason code (0, or 16 "no matching
    /// subscribers"). QoS 0 returns once written to the socket, QoS ≥ 1 once acknowledged; while
    /// reconnecting, QoS ≥ 1 messages wait in libmosquitto's queue and are sent after reconnecting.
    /// - Throws: `MQTTError` — `.reasonCode` when the broker refuses it (e.g. 135 not authorized).
    @discardableResult
    func publish(_ message: MQTTMessage) async throws -> Int32 {
        let handle = try handle.get()
        switch currentPublishGate {
        case .open: break
        case .closed: throw Self.closedError
        case .notConnected:
            throw MQTTError(kind: .notConnected, message: "cannot publish to '\(message.topic)' before connect() succeeded")
        }
        let epoch = acks.epoch
        let survivesDisconnect = message.qos != .atMostOnce
        let (rc, packetID) = try Self.sendPublish(message, on: handle.pointer)
        switch rc {
        case MOSQ_ERR_SUCCESS.rawValue:
            break
        case MOSQ_ERR_NO_CONN.rawValue where survivesDisconnect:
            break  // queued by libmosquitto; resending it ourselves would duplicate it
        case MOSQ_ERR_NO_CONN.rawValue:
            throw MQTTError(kind: .notConnected, message: "not connected: QoS 0 message to '\(message.topic)' dropped")
        default:
            throw MQTTError.library(rc, "publishing to '\(message.topic)'")
        }
        let reason = try await acks.wait(for: packetID, since: epoch, survivesDisconnect: survivesDisconnect)
        guard reason < 128 else {
            throw MQTTError.reason(reason, "the broker rejected the publish to '\(message.topic)'")
        }
        return reason
    }

    /// Queues `message` in libmosquitto; returns its status and packet id.
    static func sendPublish(_ message: MQTTMessage, on pointer: OpaquePointer) throws -> (rc: Int32, packetID: Int32) {
        guard MQTTTopicFilter.isValidTopicName(message.topic) else {
            throw MQTTError(kind: .invalidArgument, message: "invalid topic name '\(message.topic)'")
        }
        guard message.payload.count <= 268_435_455 else {
            throw MQTTError(kind: .invalidArgument, message: "payload of \(message.payload.count) bytes exceeds the MQTT limit")
        }
        var packetID: Int32 = 0
        let rc = try MosquittoProperties.with { list in
            try MosquittoProperties.addPublishProperties(of: message, to: &list)
        } _: { properties in
            message.payload.withUnsafeBytes { payload in
                mosquitto_publish_v5(
                    pointer, &packetID, message.topic, Int32(payload.count), payload.baseAddress,
                    message.qos.rawValue, message.retain, properties)
            }
        }
        return (rc, packetID)
    }

    // MARK: Subscribing

    func subscribe(_ filter: String, qos: MQTTQoS, ignoreRetained: Bool) async throws -> MQTTSubscription {
        let handle = try handle.get()
        guard MQTTTopicFilter.isValid(filter) else {
            throw MQTTError(kind: .invalidArgument, message: "invalid topic filter '\(filter)'")
        }
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self, bufferingPolicy: .unbounded)
        let subscription = MQTTSubscription(filter: filter, stream: stream, continuation: continuation, backlog: backlog)
        let sent = try subscribeOrder.withLock { _ -> SentSubscribe? in
            let (subscriberID, broker, connected) = try state.withLock { state in
                guard state.phase != .closed else { throw Self.closedError }
                let added = state.subscriptions.add(
                    filter: filter, qos: qos, ignoreRetained: ignoreRetained, continuation: continuation)
                return (added.subscriberID, added.broker, state.phase == .connected)
            }
            continuation.onTermination = { [weak self] _ in
                self?.removeSubscriber(filter: filter, subscriberID: subscriberID)
            }
            // Not connected: the next CONNACK handler subscribes everything in the table.
            return connected ? try sendSubscribe(broker, on: handle.pointer) : nil
        }
        if let sent {
            do {
                try await confirmSubscribe(sent)
            } catch {
                subscription.cancel()
                throw error
            }
        }
        return subscription
    }

    /// A SUBSCRIBE handed to libmosquitto, to be confirmed by its SUBACK.
    struct SentSubscribe {
        let filter: String
        let packetID: Int32
        let epoch: UInt64
    }

    /// Sends one SUBSCRIBE tagged with the entry's subscription identifier. Returns `nil` when the
    /// connection is down (the next CONNACK resubscribes).
    func sendSubscribe(_ broker: MQTTSubscriptionTable.BrokerSubscription, on pointer: OpaquePointer) throws -> SentSubscribe? {
        let epoch = acks.epoch
        var packetID: Int32 = 0
        let rc = try MosquittoProperties.with { list in
            try MosquittoProperties.addVarint(MQTT_PROP_SUBSCRIPTION_IDENTIFIER, broker.identifier, to: &list)
        } _: { properties in
            mosquitto_subscribe_v5(pointer, &packetID, broker.filter, broker.qos.rawValue, 0, properties)
        }
        switch rc {
        case MOSQ_ERR_SUCCESS.rawValue: return SentSubscribe(filter: broker.filter, packetID: packetID, epoch: epoch)
        case MOSQ_ERR_NO_CONN.rawValue: return nil
        default: throw MQTTError.library(rc, "subscribing to '\(broker.filter)'")
        }
    }

    /// Waits for the SUBACK; a refusal throws. A connection lost meanwhile is not an error: the
    /// subscription is sent again after reconnecting.
    func confirmSubscribe(_ sent: SentSubscribe) async throws {
        let granted: Int32
        do {
            granted = try await acks.wait(for: sent.packetID, since: sent.epoch, survivesDisconnect: false)
        } catch let error as MQTTError where error.kind == .connectionLost {
            return
        }
        guard granted < 128 else {
            throw MQTTError.reason(granted, "the broker refused the subscription to '\(sent.filter)'")
        }
    }

    /// Called when a subscription stream ends; unsubscribes once no subscriber needs the filter.
    /// A persistent session (clean start off) keeps its subscriptions at the broker: its streams
    /// end when the service stops, and what is sent until it is back must still be queued.
    func removeSubscriber(filter: String, subscriberID: UInt64) {
        subscribeOrder.withLock { _ in
            let (unneeded, connected) = state.withLock { state in
                let connected = state.phase == .connected
                return (state.subscriptions.remove(filter: filter, subscriberID: subscriberID, connected: connected), connected)
            }
            guard let unneeded, connected, configuration.cleanStart, case .success(let handle) = handle else { return }
            sendUnsubscribe(unneeded, on: handle.pointer)
        }
    }

    /// Sends UNSUBSCRIBE without waiting for the UNSUBACK.
    func sendUnsubscribe(_ filter: String, on pointer: OpaquePointer) {
        let epoch = acks.epoch
        var packetID: Int32 = 0
        let rc = mosquitto_unsubscribe_v5(pointer, &packetID, filter, nil)
        if rc == MOSQ_ERR_SUCCESS.rawValue {
            acks.abandon(packetID, since: epoch, survivesDisconnect: false)
        } else {
            logger.debug("MQTT unsubscribe failed", metadata: ["mqtt.filter": "\(filter)", "error": "\(MQTTError.library(rc, "unsubscribe"))"])
        }
    }

    // MARK: Request / response

    /// Publishes a request carrying `responseTopic` and fresh correlation data, then waits for the
    /// message on `responseTopic` that echoes the correlation data.
    func request(
        topic: String, payload: [UInt8], responseTopic: String, contentType: String?, timeout: Duration,
        messageExpiry: UInt32? = nil, userProperties: [MQTTUserProperty] = []
    ) async throws -> MQTTMessage {
        try await ensureResponseInbox(responseTopic)
        let correlation = Self.makeCorrelationData()
        let request = MQTTMessage(
            topic: topic, payload: payload, qos: .atLeastOnce, responseTopic: responseTopic,
            correlationData: correlation, contentType: contentType, messageExpiry: messageExpiry, userProperties: userProperties)
        responses.expect(correlation)
        do {
            return try await withMQTTTimeout(
                timeout,
                error: MQTTError(kind: .timeout, message: "no response on '\(responseTopic)' to the request on '\(topic)' within \(timeout)")
            ) {
                let reason = try await self.publish(request)
                if reason == Int32(MQTT_RC_NO_MATCHING_SUBSCRIBERS.rawValue) {
                    throw MQTTError(kind: .noResponder, code: reason, message: "nobody is subscribed to the request topic '\(topic)'")
                }
                return try await self.responses.wait(for: correlation, since: 0, survivesDisconnect: true)
            }
        } catch {
            responses.abandon(correlation, since: 0, survivesDisconnect: true)
            throw error
        }
    }

    /// Subscribes `topic` as a response inbox (once per client; kept until the client closes).
    private func ensureResponseInbox(_ topic: String) async throws {
        let handle = try handle.get()
        guard MQTTTopicFilter.isValidTopicName(topic) else {
            throw MQTTError(kind: .invalidArgument, message: "invalid response topic '\(topic)'")
        }
        let sent = try subscribeOrder.withLock { _ -> SentSubscribe? in
            let (broker, connected) = try state.withLock { state in
                guard state.phase != .closed else { throw Self.closedError }
                return (state.subscriptions.addResponseInbox(topic: topic), state.phase == .connected)
            }
            guard let broker, connected else { return nil }
            return try sendSubscribe(broker, on: handle.pointer)
        }
        guard let sent else { return }
        do {
            try await confirmSubscribe(sent)
        } catch {
            // Forget the refused inbox so the next request tries again.
            let orphans = state.withLock { $0.subscriptions.drop(filter: topic) }
            orphans.forEach { $0.finish() }
            throw error
        }
    }

    private static func makeCorrelationData() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
