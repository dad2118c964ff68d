import Contract
import Foundation
import HTTPTransport
import Logging

/// `pb-<service> --health`, for container health checks: asks the running service's `/readyz`
/// on the address its `<service>.http_bind` setting names and prints the answer.
public enum HealthProbe {
    /// The command-line flag.
    public static let flag = "--health"
    /// The service answered that it is ready.
    public static let readyExitCode: Int32 = 0
    /// The service answered that it is not ready, or did not answer.
    public static let notReadyExitCode: Int32 = 1
    /// The bind setting is not set (or the configuration cannot be read): nothing to ask.
    public static let unconfiguredExitCode: Int32 = 2

    /// Asks `service`'s `/readyz`, prints the body on standard output (a problem on standard
    /// error) and returns the exit status.
    public static func run(_ service: ServiceName, environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let program = "pb-\(service.rawValue)"
        let endpoint: HTTPEndpointConfiguration
        do {
            guard let configured = try HTTPEndpointConfiguration.read(from: try ConfigSource.load(environment: environment), service: service)
            else {
                let setting = ConfigSource.environmentName(HTTPEndpointConfiguration.key(for: service))
                printError("\(program): \(setting) is not set: the service serves no health endpoint to ask")
                return unconfiguredExitCode
            }
            endpoint = configured
        } catch {
            printError("\(program): \(error)")
            return unconfiguredExitCode
        }
        var logger = Logger(label: program)
        logger.logLevel = .error
        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                timeout: .seconds(10), connectTimeout: .seconds(3), maxConnections: 1, userAgent: "\(program) \(flag)"),
            logger: logger)
        let url = endpoint.localURL + "/readyz"
        do {
            let response = try await client.send(HTTPRequest(url: url))
            FileHandle.standardOutput.write(response.body + Data("\n".utf8))
            return response.status == 200 ? readyExitCode : notReadyExitCode
        } catch {
            printError("\(program): \(url) did not answer: \(error)")
            return notReadyExitCode
        }
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
