import CMosquitto
import Dispatch
import Foundation
import Logging
import Synchronization

/// The network thread. libmosquitto's own `loop_start` thread exits for good on "fatal" errors
/// (a refused CONNACK under MQTT v5, DNS failures, TLS errors…) and its reconnect backoff sleeps
/// cannot be interrupted, so shutting down could hang for the whole backoff. This thread drives
/// `mosquitto_loop` itself instead:
/// - the first connection attempt failing (refused, unreachable, TLS) fails `connect()` with the reason;
/// - after having been connected, every loss is retried forever with exponential backoff
///   (`reconnectDelay` doubling up to `reconnectDelayMax`), logging a warning per failure, and
///   libmosquitto resends the CONNECT properties (session expiry) on each attempt;
/// - a stop request interrupts the backoff at once.
extension MosquittoConnection {
    func startNetworkThread(_ handle: MosquittoHandle) {
        let thread = Thread { [self] in
            runNetworkLoop(handle)
        }
        thread.name = "mqtt \(configuration.clientID)"
        thread.start()
    }

    private func runNetworkLoop(_ handle: MosquittoHandle) {
        defer { networkLoopEnded() }
        let pointer = handle.pointer
        let rc = connectFirstTime(pointer)
        guard rc == MOSQ_ERR_SUCCESS.rawValue else {
            failConnect(with: MQTTError.library(rc, "connecting to \(configuration.host):\(configuration.port)"))
            return
        }
        while true {
            let rc = mosquitto_loop(pointer, 1000, 1)
            let (stopping, deadline) = state.withLock { ($0.stopRequested, $0.stopDeadline) }
            if let deadline, ContinuousClock.now >= deadline { return }
            if rc == MOSQ_ERR_SUCCESS.rawValue { continue }
            if stopping { return }
            // Some failures of the first attempt (e.g. a TLS handshake error) end the loop
            // without a disconnect callback: fail the pending connect() here.
            if state.withLock({ $0.connectWaiter != nil }) {
                failConnect(with: MQTTError.library(rc, "connecting to \(configuration.host):\(configuration.port)"))
                return
            }
            guard reconnect(pointer) else { return }
        }
    }

    /// The blocking first connect, sending the session expiry interval for persistent sessions.
    private func connectFirstTime(_ pointer: OpaquePointer) -> Int32 {
        do {
            return try MosquittoProperties.with { list in
                if !configuration.cleanStart {
                    try MosquittoProperties.addInt32(MQTT_PROP_SESSION_EXPIRY_INTERVAL, configuration.sessionExpiry, to: &list)
                }
            } _: { properties in
                mosquitto_connect_bind_v5(
                    pointer, configuration.host, Int32(configuration.port), Int32(clamping: configuration.keepAlive), nil,
                    properties)
            }
        } catch {
            return MOSQ_ERR_INVAL.rawValue
        }
    }

    /// Waits out the backoff and tries once to reconnect. Returns false when asked to stop.
    private func reconnect(_ pointer: OpaquePointer) -> Bool {
        let attempt = state.withLock { state in
            state.failedAttempts += 1
            return state.failedAttempts
        }
        _ = wakeup.wait(timeout: .now() + backoff(attempt: attempt).dispatchInterval)
        if state.withLock({ $0.stopRequested }) { return false }
        let rc = mosquitto_reconnect(pointer)
        if rc != MOSQ_ERR_SUCCESS.rawValue {
            let error = MQTTError.library(rc, "reconnecting to \(configuration.host):\(configuration.port)")
            state.withLock { state in
                if case .reconnecting = state.phase { setPhase(.reconnecting(error), in: &state) }
            }
            logger.warning("MQTT reconnect failed; retrying", metadata: ["error": "\(error)", "mqtt.attempt": "\(attempt)"])
        }
        return true
    }

    /// `reconnectDelay` doubled per consecutive failure, capped at `reconnectDelayMax`.
    func backoff(attempt: Int) -> Duration {
        var delay = configuration.reconnectDelay
        for _ in 1..<max(attempt, 1) {
            delay *= 2
            if delay >= configuration.reconnectDelayMax { break }
        }
        return min(delay, configuration.reconnectDelayMax)
    }

    private func networkLoopEnded() {
        let waiters = state.withLock { state in
            state.loopRunning = false
            defer { state.loopEndWaiters.removeAll() }
            return state.loopEndWaiters
        }
        waiters.forEach { $0.resume() }
    }
}

extension Duration {
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .nanoseconds(Int(clamping: seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
