import MQTT
import Testing

@Suite("MQTT configuration")
struct MQTTConfigurationTests {
    struct URLCase: Sendable, CustomTestStringConvertible {
        let url: String
        let host: String
        let port: Int
        let tls: Bool
        let username: String?
        let password: String?
        var testDescription: String { url }
    }

    @Test(
        "Valid broker URLs",
        arguments: [
            URLCase(url: "mqtt://broker", host: "broker", port: 1883, tls: false, username: nil, password: nil),
            URLCase(url: "mqtts://broker.lan", host: "broker.lan", port: 8883, tls: true, username: nil, password: nil),
            URLCase(url: "mqtt://10.0.0.5:1884/", host: "10.0.0.5", port: 1884, tls: false, username: nil, password: nil),
            URLCase(url: "MQTTS://h:9999", host: "h", port: 9999, tls: true, username: nil, password: nil),
            URLCase(url: "mqtt://svc@h", host: "h", port: 1883, tls: false, username: "svc", password: nil),
            URLCase(url: "mqtt://svc:s3cret@h:1883", host: "h", port: 1883, tls: false, username: "svc", password: "s3cret"),
            URLCase(url: "mqtt://a%40b:p%3Aw%2Fd%40@h", host: "h", port: 1883, tls: false, username: "a@b", password: "p:w/d@"),
            URLCase(url: "mqtt://u:p@ss@h", host: "h", port: 1883, tls: false, username: "u", password: "p@ss"),
            URLCase(url: "mqtt://u:@h", host: "h", port: 1883, tls: false, username: "u", password: ""),
            URLCase(url: "mqtt://[::1]:1883", host: "::1", port: 1883, tls: false, username: nil, password: nil),
            URLCase(url: "mqtts://[fd00::2]", host: "fd00::2", port: 8883, tls: true, username: nil, password: nil),
        ])
    func parsesURL(_ expected: URLCase) throws {
        let config = try MQTTConfiguration(url: expected.url, clientID: "c1")
        #expect(config.host == expected.host)
        #expect(config.port == expected.port)
        #expect(config.tls == expected.tls)
        #expect(config.username == expected.username)
        #expect(config.password == expected.password)
        #expect(config.clientID == "c1")
    }

    @Test(
        "Invalid broker URLs name the problem",
        arguments: [
            ("broker:1883", "missing scheme"),
            ("http://broker", "unsupported scheme 'http'"),
            ("mqtt://", "missing host"),
            ("mqtt://:1883", "missing host"),
            ("mqtt://h:0", "invalid port '0'"),
            ("mqtt://h:65536", "invalid port '65536'"),
            ("mqtt://h:abc", "invalid port 'abc'"),
            ("mqtt://h:", "invalid port ''"),
            ("mqtt://h/some/path", "paths are not supported"),
            ("mqtt://h?x=1", "query strings"),
            ("mqtt://:pw@h", "empty user name"),
            ("mqtt://u:%zz@h", "percent-encoding in the password"),
            ("mqtt://[::1", "unterminated IPv6"),
            ("mqtt://fe80::1:1883", "IPv6 hosts need [brackets]"),
        ])
    func rejectsURL(url: String, problem: String) {
        #expect {
            try MQTTConfiguration(url: url, clientID: "c1")
        } throws: { error in
            guard let error = error as? MQTTError else { return false }
            return error.kind == .invalidArgument && error.message.contains(problem)
        }
    }

    @Test("Errors and descriptions never reveal the password")
    func passwordStaysSecret() throws {
        let config = try MQTTConfiguration(url: "mqtt://svc:hunter2@broker:1883", clientID: "c1")
        #expect(!config.description.contains("hunter2"))
        #expect(config.description.contains("svc"))
        let error = #expect(throws: MQTTError.self) { try MQTTConfiguration(url: "mqtt://svc:hunter2@broker:x", clientID: "c1") }
        #expect(error.map { !"\($0)".contains("hunter2") } == true)
    }

    @Test("Availability sets a retained offline will and online birth")
    func availability() {
        var config = MQTTConfiguration(clientID: "c1")
        config.setAvailability(topic: "pb/scoring/availability")
        #expect(config.will == MQTTMessage(topic: "pb/scoring/availability", string: "offline", qos: .atLeastOnce, retain: true))
        #expect(config.birth == MQTTMessage(topic: "pb/scoring/availability", string: "online", qos: .atLeastOnce, retain: true))
    }

    @Test("A response goes to the response topic with the correlation data, else to the fallback")
    func responseAddressing() throws {
        let v5Request = MQTTMessage(topic: "pb/executor/request/migrate", responseTopic: "pb/inbox/c1", correlationData: [1, 2, 3])
        let answer = try MQTTMessage.response(to: v5Request, payload: Array("ok".utf8), fallbackTopic: "pb/executor/response/migrate")
        #expect(answer.topic == "pb/inbox/c1")
        #expect(answer.correlationData == [1, 2, 3])
        #expect(answer.retain == false)

        let v3Request = MQTTMessage(topic: "pb/executor/request/migrate", string: #"{"id":"42"}"#)
        let fallback = try MQTTMessage.response(to: v3Request, payload: Array("ok".utf8), fallbackTopic: "pb/executor/response/migrate")
        #expect(fallback.topic == "pb/executor/response/migrate")
        #expect(fallback.correlationData == nil)

        #expect(throws: MQTTError.self) { try MQTTMessage.response(to: v3Request, payload: []) }
    }
}
