import Contract
import ServiceRuntime
import Testing

@Suite("HTTP endpoint setting")
struct HTTPEndpointConfigurationTests {
    @Test(
        "host:port binds, IPv6 in brackets; the local address to ask is loopback for a wildcard",
        arguments: [
            ("0.0.0.0:9101", "0.0.0.0", 9101, "http://127.0.0.1:9101"),
            ("127.0.0.1:9102", "127.0.0.1", 9102, "http://127.0.0.1:9102"),
            (" pb-scoring:9102 ", "pb-scoring", 9102, "http://pb-scoring:9102"),
            ("[::]:9103", "::", 9103, "http://[::1]:9103"),
            ("[fd00::5]:9104", "fd00::5", 9104, "http://[fd00::5]:9104"),
        ])
    func valid(text: String, host: String, port: Int, url: String) throws {
        let endpoint = try #require(HTTPEndpointConfiguration(bind: text))
        #expect(endpoint == HTTPEndpointConfiguration(host: host, port: port))
        #expect(endpoint.localURL == url)
    }

    @Test("anything else is refused", arguments: ["9101", ":9101", "0.0.0.0", "0.0.0.0:0", "0.0.0.0:65536", "::1:9101", "[::1]9101", "a b:1"])
    func invalid(text: String) {
        #expect(HTTPEndpointConfiguration(bind: text) == nil)
    }

    @Test("each service has its own setting, off unless set; a wrong one names itself")
    func setting() throws {
        #expect(ConfigSource.environmentName(HTTPEndpointConfiguration.key(for: .collector)) == "PROXBALANCE_COLLECTOR_HTTP_BIND")
        let source = ConfigSource(
            environment: ["PROXBALANCE_SCORING_HTTP_BIND": "0.0.0.0:9102", "PROXBALANCE_EXECUTOR_HTTP_BIND": "everywhere"],
            fileValues: ["notifier.http_bind": "127.0.0.1:9104"])
        #expect(try HTTPEndpointConfiguration.read(from: source, service: .collector) == nil)
        #expect(try HTTPEndpointConfiguration.read(from: source, service: .scoring) == HTTPEndpointConfiguration(host: "0.0.0.0", port: 9102))
        #expect(try HTTPEndpointConfiguration.read(from: source, service: .notifier) == HTTPEndpointConfiguration(host: "127.0.0.1", port: 9104))
        let error = #expect(throws: ConfigurationError.self) { try HTTPEndpointConfiguration.read(from: source, service: .executor) }
        #expect(error?.setting == "PROXBALANCE_EXECUTOR_HTTP_BIND")
    }
}
