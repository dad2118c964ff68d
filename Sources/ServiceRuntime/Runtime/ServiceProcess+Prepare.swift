import Contract
import Logging

extension ServiceProcess {
    /// The runner of `program` with the process's settings, after logging is set up in the
    /// configured format (`log.format`); every setting the program does not know is logged as
    /// a warning naming the closest known one (`UnknownSetting`).
    /// - Throws: `ConfigurationError`, hinting at a set but unknown setting that looks like a
    ///   misspelling of the one at fault.
    static func prepare<Program: ServiceProgram>(_ program: Program, metrics: MetricsRegistry) throws -> ServiceRunner<Program> {
        let source = try ConfigSource.load()
        ServiceLogging.bootstrap(try LogFormat(source: source), cluster: source.string("cluster"))
        let section = program.service.rawValue
        let runner: ServiceRunner<Program>
        do {
            runner = try ServiceRunner(program, source: source, metrics: metrics)
        } catch let error as ConfigurationError {
            throw error.hinting(misspellingsAmong: UnknownSetting.find(in: source, section: section))
        }
        ServiceLogging.warnAboutUnknownSettings(in: source, section: section, logger: runner.logger)
        return runner
    }
}
