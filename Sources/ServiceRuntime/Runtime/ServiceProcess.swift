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

    /// Runs `program` until SIGTERM or SIGINT and returns the exit status; with `--health`
    /// among the arguments, asks the running service whether it is ready instead
    /// (`HealthProbe`). Sets up logging (`ServiceLogging.bootstrap`) and metrics: call once per
    /// process.
    public static func run(_ program: some ServiceProgram, arguments: [String] = CommandLine.arguments) async -> Int32 {
        if arguments.dropFirst().contains(HealthProbe.flag) { return await HealthProbe.run(program.service) }
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
}
