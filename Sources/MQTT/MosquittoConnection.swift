import CMosquitto
import Dispatch
import Foundation
import Logging
import Synchronization

/// The engine behind `MQTTClient`: one libmosquitto client, the network thread driving it and
/// the bookkeeping that turns C callbacks into awaited results and subscription streams.
///
/// The network thread (see `MosquittoConnection+Loop.swift`) holds a strong reference while it
/// runs, and callbacks only ever run on it, so the unretained pointer handed to libmosquitto as
/// user data is always valid. `MQTTClient` owns this object and shuts it down when released.
final class MosquittoConnection: Sendable {
    struct State {
        var phase: MQTTConnectionState = .idle
        var subscriptions = MQTTSubscriptionTable()
        /// SUBSCRIBEs sent by `handleConnect`, so their refusals can be reported.
        var resubscribeFilters: [Int32: String] = [:]
        /// SUBACKs still awaited before the birth message goes out after a CONNACK.
        var birthAwaits: Set<Int32>?
        /// Whether this connection's subscriptions were acknowledged and its birth message sent.
        var announced = false
        var connectWaiter: CheckedContinuation<ConnectOutcome, any Error>?
        var stopRequested = false
        var stopDeadline: ContinuousClock.Instant?
        var loopRunning = false
        var loopEndWaiters: [CheckedContinuation<Void, Never>] = []
        var failedAttempts = 0
        var observers: [UInt64: AsyncStream<MQTTConnectionState>.Continuation] = [:]
        var lastObserverID: UInt64 = 0
    }

    /// What `handleConnect` hands to a waiting `connect()`: the SUBSCRIBEs to confirm.
    struct ConnectOutcome: Sendable {
        let subscribeIDs: [Int32]
        let epoch: UInt64
    }

    let configuration: MQTTConfiguration
    let logger: Logger
    let handle: Result<MosquittoHandle, MQTTError>
    let state = Mutex(State())
    /// Mirror of `PublishGate(state.phase)`.
    let publishGate = Atomic<UInt8>(PublishGate.notConnected.rawValue)
    /// Serialises SUBSCRIBE/UNSUBSCRIBE decisions with their C calls so packets for one filter
    /// reach the broker in the order the table changed. It is held only around table updates
    /// and libmosquitto calls that merely queue a packet (they never wait for the network
    /// thread), so the network thread may wait for it without risking a deadlock.
    let subscribeOrder = Mutex(())
    /// Acknowledgements (PUBACK/PUBCOMP reason, SUBACK granted QoS) by packet id.
    let acks = MQTTRendezvous<Int32, Int32>(keepsEarlyResults: true)
    /// Responses to `request` by correlation data.
    let responses = MQTTRendezvous<[UInt8], MQTTMessage>(keepsEarlyResults: false)
    /// Messages waiting in subscription buffers; releases memory after a burst.
    let backlog = MQTTBacklog()
    /// QoS 2 requests and answers already delivered.
    let redeliveries = Mutex(RedeliveryFilter())
    /// Wakes the network thread from its reconnect backoff.
    let wakeup = DispatchSemaphore(value: 0)
    /// How long a closing connection may take to flush its DISCONNECT before the thread gives up.
    static let shutdownGrace: Duration = .seconds(2)

    init(configuration: MQTTConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "mqtt.client"] = "\(configuration.clientID)"
        logger[metadataKey: "mqtt.broker"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        handle = Result { try MosquittoHandle(configuration: configuration) }.mapError { error in
            error as? MQTTError ?? MQTTError(kind: .invalidArgument, message: "\(error)")
        }
        if case .success(let handle) = handle {
            mosquitto_user_data_set(handle.pointer, Unmanaged.passUnretained(self).toOpaque())
            Self.installCallbacks(on: handle.pointer)
        }
    }

    var phase: MQTTConnectionState { state.withLock { $0.phase } }

    /// Connected, with every subscription acknowledged and the birth message (if any) sent.
    var isOnline: Bool { state.withLock { $0.phase == .connected && $0.announced } }

    /// Changes the phase (under the state lock, so observers see changes in order) and tells
    /// every observer. `.closed` is final.
    func setPhase(_ newPhase: MQTTConnectionState, in state: inout State) {
        guard state.phase != newPhase, state.phase != .closed else { return }
        state.phase = newPhase
        publishGate.store(PublishGate(newPhase).rawValue, ordering: .releasing)
        for observer in state.observers.values { observer.yield(newPhase) }
    }

    /// Whether publishing is possible, readable without the state lock (publish is the hot path).
    enum PublishGate: UInt8 {
        case notConnected, open, closed

        init(_ phase: MQTTConnectionState) {
            switch phase {
            case .connected, .reconnecting: self = .open
            case .idle, .connecting: self = .notConnected
            case .closed: self = .closed
            }
        }
    }

    var currentPublishGate: PublishGate {
        PublishGate(rawValue: publishGate.load(ordering: .acquiring)) ?? .notConnected
    }

    static var closedError: MQTTError { MQTTError(kind: .closed, message: "the MQTT client was disconnected") }

    // MARK: Connecting

    func connect() async throws {
        let handle = try handle.get()
        await waitForLoopEnd()
        let outcome = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConnectOutcome, any Error>) in
                let refusal: MQTTError? = state.withLock { state in
                    switch state.phase {
                    case .closed: return Self.closedError
                    case .idle where !state.loopRunning: break
                    default: return MQTTError(kind: .invalidArgument, message: "connect() called while already connecting or connected")
                    }
                    state.connectWaiter = continuation
                    state.stopRequested = false
                    state.stopDeadline = nil
                    state.failedAttempts = 0
                    state.loopRunning = true
                    setPhase(.connecting, in: &state)
                    return nil
                }
                if let refusal {
                    continuation.resume(throwing: refusal)
                } else {
                    startNetworkThread(handle)
                }
            }
        } onCancel: {
            failConnect(with: CancellationError())
        }
        await confirmSubscriptions(outcome)
        logger.info("MQTT connected")
    }

    /// Fails a pending `connect()` and stops the network thread.
    func failConnect(with error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<ConnectOutcome, any Error>? in
            guard let waiter = state.connectWaiter else { return nil }
            state.connectWaiter = nil
            requestStop(&state)
            setPhase(.idle, in: &state)
            return waiter
        }
        guard let waiter else { return }
        if case .success(let handle) = handle {
            mosquitto_disconnect(handle.pointer)
        }
        wakeup.signal()
        waiter.resume(throwing: error)
    }

    /// Waits for the SUBACKs of the subscriptions sent on the first CONNACK, so that when
    /// `connect()` returns they are active. Refusals are handled by `handleSubscribeAck`.
    private func confirmSubscriptions(_ outcome: ConnectOutcome) async {
        for id in outcome.subscribeIDs {
            _ = try? await acks.wait(for: id, since: outcome.epoch, survivesDisconnect: false)
        }
    }

    func requestStop(_ state: inout State) {
        state.stopRequested = true
        state.stopDeadline = .now + Self.shutdownGrace
    }

    // MARK: Shutting down

    /// Clean shutdown: publishes the will's content unless `publishingWill` is false (a clean
    /// DISCONNECT makes the broker drop the will), sends DISCONNECT, waits for the network
    /// thread and ends every stream.
    func disconnect(publishingWill: Bool = true) async {
        if publishingWill, phase == .connected, let will = configuration.will {
            do {
                _ = try await withMQTTTimeout(Self.shutdownGrace, error: MQTTError(kind: .timeout, message: "final will publish")) {
                    try await self.publish(will)
                }
            } catch {
                logger.debug("MQTT could not publish the final will message", metadata: ["error": "\(error)"])
            }
        }
        state.withLock { requestStop(&$0) }
        if case .success(let handle) = handle {
            mosquitto_disconnect_v5(handle.pointer, 0, nil)
        }
        wakeup.signal()
        await waitForLoopEnd()
        if close() {
            logger.info("MQTT disconnected")
        }
    }

    /// Shutdown without waiting, for a client released without `disconnect()`: sends DISCONNECT
    /// with reason "disconnect with will message", so the broker publishes the will as if the
    /// process had died. The network thread finishes on its own.
    func abandon() {
        let running = state.withLock { state -> Bool in
            requestStop(&state)
            return state.loopRunning
        }
        if running, case .success(let handle) = handle {
            mosquitto_disconnect_v5(handle.pointer, Int32(MQTT_RC_DISCONNECT_WITH_WILL_MSG.rawValue), nil)
        }
        wakeup.signal()
        close()
    }

    /// Marks the client closed and ends all waiters and streams. Returns false if it already was.
    @discardableResult
    private func close() -> Bool {
        let ended = state.withLock {
            state -> (streams: [AsyncStream<MQTTMessage>.Continuation], observers: [AsyncStream<MQTTConnectionState>.Continuation])? in
            guard state.phase != .closed else { return nil }
            setPhase(.closed, in: &state)
            let observers = Array(state.observers.values)
            state.observers.removeAll()
            return (state.subscriptions.removeAll(), observers)
        }
        guard let ended else { return false }
        acks.close(with: Self.closedError)
        responses.close(with: Self.closedError)
        ended.streams.forEach { $0.finish() }
        ended.observers.forEach { $0.finish() }
        return true
    }

    func waitForLoopEnd() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let running = state.withLock { state -> Bool in
                guard state.loopRunning else { return false }
                state.loopEndWaiters.append(continuation)
                return true
            }
            if !running { continuation.resume() }
        }
    }

    // MARK: Observing

    func connectionStates() -> AsyncStream<MQTTConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTConnectionState.self, bufferingPolicy: .unbounded)
        let observerID = state.withLock { state -> UInt64? in
            continuation.yield(state.phase)
            guard state.phase != .closed else { return nil }
            state.lastObserverID += 1
            state.observers[state.lastObserverID] = continuation
            return state.lastObserverID
        }
        if let observerID {
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.observers.removeValue(forKey: observerID) }
            }
        } else {
            continuation.finish()
        }
        return stream
    }
}
