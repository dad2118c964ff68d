extension MQTTClient {
    /// Sends a request and waits for its answer (MQTT v5 request/response): publishes `payload`
    /// to `topic` with `responseTopic` and fresh correlation data, then returns the first message
    /// on `responseTopic` carrying the same correlation data. The client subscribes to
    /// `responseTopic` on first use and keeps that subscription.
    /// `messageExpiry` lets the broker drop a request nobody took in time; `userProperties`
    /// travel with it (e.g. `sent_at` for a plain `ON`).
    /// - Throws: `MQTTError` — `.timeout` after `timeout`, `.noResponder` when nobody is
    ///   subscribed to `topic`, plus any publish error.
    public func request(
        topic: String, payload: [UInt8], responseTopic: String, contentType: String? = nil,
        timeout: Duration = .seconds(10), messageExpiry: UInt32? = nil, userProperties: [MQTTUserProperty] = []
    ) async throws -> MQTTMessage {
        try await connection.request(
            topic: topic, payload: payload, responseTopic: responseTopic, contentType: contentType, timeout: timeout,
            messageExpiry: messageExpiry, userProperties: userProperties)
    }

    /// Answers `request` (see `MQTTMessage.response(to:payload:fallbackTopic:contentType:)`):
    /// publishes to its response topic with its correlation data, or to `fallbackTopic` (for
    /// requesters without MQTT v5 response topics, e.g. `{base}/<service>/response/<op>`, where
    /// the payload should echo the request's id).
    public func respond(
        to request: MQTTMessage, payload: [UInt8], fallbackTopic: String? = nil, contentType: String? = nil
    ) async throws {
        try await publish(.response(to: request, payload: payload, fallbackTopic: fallbackTopic, contentType: contentType))
    }
}
