import CMosquitto
import Foundation
import Logging
import Synchronization

/// libmosquitto callbacks. They run on the network thread only, while libmosquitto holds its
/// callback lock: they copy what they need, update state and return quickly.
extension MosquittoConnection {
    private static func connection(_ userData: UnsafeMutableRawPointer?) -> MosquittoConnection? {
        userData.map { Unmanaged<MosquittoConnection>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Installs C trampolines (closures capturing nothing) that forward to the connection in user data.
    static func installCallbacks(on pointer: OpaquePointer) {
        mosquitto_connect_v5_callback_set(pointer) { mosq, userData, rc, _, _ in
            guard let mosq else { return }
            MosquittoConnection.connection(userData)?.handleConnect(rc: rc, pointer: mosq)
        }
        mosquitto_disconnect_v5_callback_set(pointer) { _, userData, rc, _ in
            MosquittoConnection.connection(userData)?.handleDisconnect(rc: rc)
        }
        mosquitto_publish_v5_callback_set(pointer) { _, userData, packetID, reason, _ in
            MosquittoConnection.connection(userData)?.acks.deliver(.success(reason), for: packetID)
        }
        mosquitto_subscribe_v5_callback_set(pointer) { _, userData, packetID, count, granted, _ in
            let first = count > 0 ? granted?.pointee ?? 128 : 128
            MosquittoConnection.connection(userData)?.handleSubscribeAck(packetID: packetID, granted: first)
        }
        mosquitto_message_v5_callback_set(pointer) { _, userData, message, properties in
            guard let message else { return }
            MosquittoConnection.connection(userData)?.handleMessage(message, properties: properties)
        }
    }

    /// CONNACK. Refused: fail `connect()` (first time) or keep retrying (later). Accepted:
    /// resubscribe everything, send pending unsubscribes, and publish the birth message once
    /// every subscription is acknowledged (SUBACK).
    private func handleConnect(rc: Int32, pointer: OpaquePointer) {
        guard rc == 0 else {
            let error = MQTTError.reason(rc, "the broker refused the connection")
            let waiter = state.withLock { state -> CheckedContinuation<ConnectOutcome, any Error>? in
                guard let waiter = state.connectWaiter else {
                    setPhase(.reconnecting(error), in: &state)
                    return nil
                }
                state.connectWaiter = nil
                requestStop(&state)
                setPhase(.idle, in: &state)
                return waiter
            }
            if let waiter {
                waiter.resume(throwing: error)
            } else {
                logger.warning("MQTT broker refused the reconnection; retrying", metadata: ["error": "\(error)"])
            }
            return
        }
        let (work, waiter) = state.withLock { state in
            state.failedAttempts = 0
            state.announced = false
            setPhase(.connected, in: &state)
            defer { state.connectWaiter = nil }
            return (state.subscriptions.takeConnectWork(), state.connectWaiter)
        }
        let epoch = acks.epoch
        var subscribeIDs: [Int32] = []
        for broker in work.subscribe {
            do {
                guard let sent = try sendSubscribe(broker, on: pointer) else { continue }
                state.withLock { $0.resubscribeFilters[sent.packetID] = sent.filter }
                subscribeIDs.append(sent.packetID)
            } catch {
                logger.warning("MQTT resubscribe failed", metadata: ["mqtt.filter": "\(broker.filter)", "error": "\(error)"])
            }
        }
        for filter in work.unsubscribe {
            sendUnsubscribe(filter, on: pointer)
        }
        // The birth says "ready": it waits for the SUBACK of every subscription sent above.
        let birthNow = state.withLock { state -> Bool in
            state.birthAwaits = configuration.birth == nil || subscribeIDs.isEmpty ? nil : Set(subscribeIDs)
            // Without a birth message, nothing is announced: the connection counts as online at once.
            state.announced = configuration.birth == nil
            return configuration.birth != nil && subscribeIDs.isEmpty
        }
        if birthNow, let birth = configuration.birth {
            publishBirth(birth, on: pointer, epoch: epoch)
        }
        if let waiter {
            waiter.resume(returning: ConnectOutcome(subscribeIDs: subscribeIDs, epoch: epoch))
        } else {
            subscribeIDs.forEach { acks.abandon($0, since: epoch, survivesDisconnect: false) }
            logger.info("MQTT reconnected", metadata: ["mqtt.subscriptions": "\(work.subscribe.count)"])
        }
    }

    private func publishBirth(_ birth: MQTTMessage, on pointer: OpaquePointer, epoch: UInt64) {
        do {
            let (rc, packetID) = try Self.sendPublish(birth, on: pointer)
            if rc == MOSQ_ERR_SUCCESS.rawValue || rc == MOSQ_ERR_NO_CONN.rawValue && birth.qos != .atMostOnce {
                acks.abandon(packetID, since: epoch, survivesDisconnect: birth.qos != .atMostOnce)
                if rc == MOSQ_ERR_SUCCESS.rawValue { state.withLock { $0.announced = true } }
            } else {
                throw MQTTError.library(rc, "publishing the birth message")
            }
        } catch {
            logger.warning("MQTT birth message not published", metadata: ["error": "\(error)"])
        }
    }

    private func handleDisconnect(rc: Int32) {
        let error = MQTTError.disconnect(rc)
        let (waiter, lost) = state.withLock { state -> (CheckedContinuation<ConnectOutcome, any Error>?, Bool) in
            state.resubscribeFilters.removeAll()
            state.birthAwaits = nil
            state.announced = false
            if let waiter = state.connectWaiter {
                state.connectWaiter = nil
                requestStop(&state)
                setPhase(.idle, in: &state)
                return (waiter, false)
            }
            guard !state.stopRequested, state.phase == .connected else { return (nil, false) }
            setPhase(.reconnecting(error), in: &state)
            return (nil, true)
        }
        acks.connectionLost()
        waiter?.resume(throwing: error)
        if lost {
            logger.warning("MQTT connection lost; reconnecting", metadata: ["error": "\(error)"])
        }
    }

    private func handleSubscribeAck(packetID: Int32, granted: Int32) {
        let (resubscribed, birthDue) = state.withLock { state -> (String?, Bool) in
            let filter = state.resubscribeFilters.removeValue(forKey: packetID)
            guard state.birthAwaits?.remove(packetID) != nil, state.birthAwaits?.isEmpty == true else { return (filter, false) }
            state.birthAwaits = nil
            return (filter, true)
        }
        if let filter = resubscribed, granted >= 128 {
            let error = MQTTError.reason(granted, "the broker refused the subscription to '\(filter)'")
            logger.warning("MQTT subscription refused; ending it", metadata: ["error": "\(error)"])
            let orphans = state.withLock { $0.subscriptions.drop(filter: filter) }
            orphans.forEach { $0.finish() }
        }
        // Queued before the SUBACK is handed on, so a `connect()` returning finds it sent.
        if birthDue, let birth = configuration.birth, case .success(let handle) = handle {
            publishBirth(birth, on: handle.pointer, epoch: acks.epoch)
        }
        acks.deliver(.success(granted), for: packetID)
    }

    private func handleMessage(_ message: UnsafePointer<mosquitto_message>, properties: OpaquePointer?) {
        let (copy, identifiers) = MosquittoProperties.copyMessage(message, properties: properties)
        if redeliveries.withLock({ $0.isRedelivery(copy, at: Date()) }) {
            logger.debug("MQTT QoS 2 message delivered again dropped", metadata: ["mqtt.topic": "\(copy.topic)"])
            return
        }
        let (recipients, isResponse) = state.withLock { state in
            (
                state.subscriptions.recipients(of: copy, subscriptionIdentifiers: identifiers),
                state.subscriptions.isResponseInbox(copy.topic)
            )
        }
        // Only messages on a response inbox answer requests: a request this client receives
        // carries correlation data too and must not be taken for its own answer.
        let answered = isResponse && copy.correlationData.map { responses.deliver(.success(copy), for: $0) } == true
        for recipient in recipients {
            if case .enqueued = recipient.yield(copy) { backlog.added(1) }
        }
        if recipients.isEmpty && !answered {
            logger.debug("MQTT message without subscriber dropped", metadata: ["mqtt.topic": "\(copy.topic)"])
        }
    }
}
