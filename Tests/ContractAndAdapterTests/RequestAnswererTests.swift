import Contract
import Foundation
import Logging
import MQTT
import ServiceRuntime
import Synchronization
import TestSupport
import Testing

/// `RequestAnswerer`: answers go where the broker lets the service publish them, and a refused
/// place is logged once, with its reason.
@Suite("Request answers")
struct RequestAnswererTests {
    /// Keeps what is published; refuses (PUBACK reason 135) topics under `refusedPrefix`.
    final class Recorder: MessagePublishing {
        let refusedPrefix: String?
        private let storage = Mutex<[MQTTMessage]>([])
        init(refusing refusedPrefix: String? = nil) { self.refusedPrefix = refusedPrefix }
        var published: [MQTTMessage] { storage.withLock { $0 } }

        func publish(_ message: MQTTMessage) async throws {
            if let refusedPrefix, message.topic.hasPrefix(refusedPrefix) {
                throw MQTTError(kind: .reasonCode, code: 135, message: "the broker rejected the publish: Not authorized (reason code 135)")
            }
            storage.withLock { $0.append(message) }
        }
    }

    static let fallback = "pbtest/lab/scoring/response/why"

    static func request(_ responseTopic: String?, key: String) -> MQTTMessage {
        MQTTMessage(
            topic: "pbtest/lab/scoring/request/why", payload: Array(#"{"id":"q"}"#.utf8), responseTopic: responseTopic,
            correlationData: Array(key.utf8))
    }

    static func answerer(_ recorder: Recorder, _ logs: PVELogLines) -> RequestAnswerer {
        RequestAnswerer(
            publisher: recorder, policy: ResponseTopicPolicy(base: "pbtest", service: .scoring),
            logger: Logger(label: "answers") { _ in PVERecordingLogHandler(lines: logs) })
    }

    @Test("an answer goes to an allowed response topic, or to the fallback topic without one, and nothing is logged")
    func allowedPlaces() async {
        let recorder = Recorder()
        let logs = PVELogLines()
        let answerer = Self.answerer(recorder, logs)
        await answerer.answer(Self.request("pbtest/clients/operator/responses/1", key: "a"), with: [1], fallbackTopic: Self.fallback)
        await answerer.answer(Self.request(nil, key: "b"), with: [2], fallbackTopic: Self.fallback)
        #expect(recorder.published.map(\.topic) == ["pbtest/clients/operator/responses/1", Self.fallback])
        #expect(recorder.published.map(\.correlationData) == [Array("a".utf8), Array("b".utf8)])
        #expect(logs.all.isEmpty, "\(logs.all)")
    }

    @Test("a response topic outside the allowed places is answered on the fallback topic, and logged once per prefix with the reason")
    func outsideAnsweredOnFallback() async {
        let recorder = Recorder()
        let logs = PVELogLines()
        let answerer = Self.answerer(recorder, logs)
        for key in ["1", "2", "3"] {
            await answerer.answer(Self.request("elsewhere/replies/\(key)", key: key), with: [0], fallbackTopic: Self.fallback)
        }
        await answerer.answer(Self.request("pbtest/lab/executor/response/why", key: "4"), with: [0], fallbackTopic: Self.fallback)
        #expect(recorder.published.map(\.topic) == Array(repeating: Self.fallback, count: 4))
        #expect(recorder.published.map(\.correlationData) == ["1", "2", "3", "4"].map { Array($0.utf8) })
        #expect(recorder.published.allSatisfy { $0.responseTopic == nil && $0.contentType == "application/json" })
        let warnings = logs.all.filter { $0.hasPrefix("warning answer not sent to the requested response topic") }
        #expect(warnings.count == 2, "\(logs.all)")
        #expect(warnings.first?.contains("lies outside the places the broker lets scoring answer") == true, "\(warnings)")
        #expect(warnings.first?.contains(Self.fallback) == true)
        #expect(warnings.last?.contains("is the fallback topic of executor, not of scoring") == true, "\(warnings)")
    }

    @Test("an answer the broker refuses is logged once per prefix with the reason code, and answered on the fallback topic")
    func brokerRefusal() async {
        let recorder = Recorder(refusing: "pbtest/clients/")
        let logs = PVELogLines()
        let answerer = Self.answerer(recorder, logs)
        for key in ["1", "2"] {
            await answerer.answer(Self.request("pbtest/clients/operator/responses/\(key)", key: key), with: [0], fallbackTopic: Self.fallback)
        }
        #expect(recorder.published.map(\.topic) == [Self.fallback, Self.fallback])
        let warnings = logs.all.filter { $0.contains("the broker refused the answer") }
        #expect(warnings.count == 1, "\(logs.all)")
        #expect(warnings.first.map { $0.contains("reason_code") && $0.contains("135") } == true, "\(warnings)")
    }
}
