import Contract
import Foundation
import ServiceLifecycle
import UnixSignals

/// A service as an executable: settings from the process environment (and
/// `PROXBALANCE_CONFIG`), SIGTERM and SIGINT as graceful shutdown, and an exit status for
/// `main.swift` to exit with.
public enum ServiceProcess {
    /// Exit status after a graceful stop.
    public static let stoppedExitCode: Int32 = 0
    /// Exit status when the service failed to start or stopped on an error (logged).
    public static let failureExitCode: Int32 = 1
    /// Exit status for a configuration error, told in one line on standard error.
    public static let configurationExitCode: Int32 = 2

    /// Runs `program` until SIGTERM or SIGINT and returns the exit status. `--help` and
    /// `--version` print and exit; `--health` asks the running service whether it is ready
    /// instead (`HealthProbe`); any other argument is a usage error (exit status 2). Sets up
    /// logging (`ServiceLogging.bootstrap`) and metrics: call once per process.
    public static func run(_ program: some ServiceProgram, arguments: [String] = CommandLine.arguments) async -> Int32 {
        let flags = arguments.dropFirst()
        let name = "pb-\(program.service.rawValue)"
        if flags.contains("--help") || flags.contains("-h") {
            FileHandle.standardOutput.write(Data(help(program.service).utf8))
            return stoppedExitCode
        }
        if flags.contains("--version") {
            FileHandle.standardOutput.write(Data("\(name) \(ProductVersion.current)\n".utf8))
            return stoppedExitCode
        }
        if flags.contains(HealthProbe.flag) { return await HealthProbe.run(program.service) }
        if let unknown = flags.first {
            FileHandle.standardError.write(Data("\(name): unknown argument '\(unknown)' (see \(name) --help)\n".utf8))
            return configurationExitCode
        }
        do {
            let runner = try prepare(program, metrics: .bootstrapped())
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: runner, serviceName: runner.description)],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: runner.logger))
            try await group.run()
            return stoppedExitCode
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("pb-\(program.service.rawValue): \(error)\n".utf8))
            return configurationExitCode
        } catch {
            return failureExitCode
        }
    }

    /// What each service does, for `--help`.
    static let summaries: [ServiceName: String] = [
        .collector: "polls the Proxmox VE API and publishes one consistent cluster snapshot, node and guest state and collection events",
        .scoring: "scores every node and turns each snapshot into one batch plan of moves, each with its reason; owns maintenance mode",
        .executor: "the only service that changes the cluster: validated, journaled migrations, automation, evacuation, rollback, history",
        .notifier: "delivers the bus's events to Slack, Discord, ntfy, Gotify and webhooks from a durable outbox",
        .web: "the cluster, the plan, migrations, maintenance, automation, settings, history and events in a browser, with logins and roles",
    ]

    /// The `--help` text of `service`'s executable.
    public static func help(_ service: ServiceName) -> String {
        let name = "pb-\(service.rawValue)"
        let bind = ConfigSource.environmentName(HTTPEndpointConfiguration.key(for: service))
        var usage = """
            \(name) \(ProductVersion.current): the ProxBalance \(service == .web ? "web console" : "\(service.rawValue) service") — \
            \(summaries[service] ?? "a service on the bus").

            Usage:
              \(name)             run until SIGTERM or SIGINT (exit 0; 1 on a failure, 2 on a configuration error)
              \(name) --health    ask the running service's /readyz on \(bind) (exit 0 ready, 1 not ready, 2 not configured)
              \(name) --version   print the version
              \(name) --help      print this help

            """
        if service == .web {
            usage += """
                  \(name) user add NAME --role viewer|operator --file PATH   add or replace a console account

                """
        }
        return usage + """

            Settings come from PROXBALANCE_* environment variables over the file PROXBALANCE_CONFIG (JSON, or \
            YAML for .yaml/.yml), e.g. PROXBALANCE_MQTT_URL, PROXBALANCE_MQTT_USERNAME, PROXBALANCE_MQTT_PASSWORD(_FILE), \
            PROXBALANCE_BASE_TOPIC, PROXBALANCE_CLUSTER, PROXBALANCE_LOG_LEVEL; see the README ("Configuration") and \
            docs/mqtt-api.md.

            """
    }
}
