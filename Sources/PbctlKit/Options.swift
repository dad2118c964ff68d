import ArgumentParser
import Contract
import Foundation
import PbctlCore

/// The connection options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Broker URL, mqtt://[user[:password]@]host[:port] or mqtts://… (env PROXBALANCE_MQTT_URL).")
    var url: String?

    @Option(help: "Broker account (env PROXBALANCE_MQTT_USERNAME); answers come to its inbox.")
    var user: String?

    @Option(name: .customLong("password-file"), help: "File holding the broker password (env PROXBALANCE_MQTT_PASSWORD(_FILE)).")
    var passwordFile: String?

    @Option(name: .customLong("ca-file"), help: "CA bundle for mqtts:// (env PROXBALANCE_MQTT_CA_FILE).")
    var caFile: String?

    @Option(name: .customLong("base-topic"), help: "First topic level(s) (env PROXBALANCE_BASE_TOPIC, default proxbalance).")
    var baseTopic: String?

    @Option(help: "The cluster to act on when several are on the bus (env PROXBALANCE_CLUSTER; default: the only one).")
    var cluster: String?

    @Option(help: "Configuration file (default ~/.config/proxbalance/pbctl.json).")
    var config: String?

    @Option(help: "Seconds to wait for the broker and for each answer.")
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be from 0 to 3600 seconds") }
    }

    /// The resolved connection settings.
    func settings() throws(PbctlFailure) -> ConnectionSettings {
        let environment = ProcessInfo.processInfo.environment
        var file: (path: String, content: [UInt8])?
        if let path = config {
            guard let data = FileManager.default.contents(atPath: path) else { throw PbctlFailure(.usage, "cannot read \(path)") }
            file = (path, Array(data))
        } else if let path = ConnectionSettings.defaultFilePath(environment: environment), let data = FileManager.default.contents(atPath: path) {
            file = (path, Array(data))
        }
        return try ConnectionSettings.resolve(
            flags: .init(url: url, user: user, passwordFile: passwordFile, caFile: caFile, baseTopic: baseTopic, cluster: cluster),
            environment: environment, file: file,
            readSecret: { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw PbctlFailure(.usage, "cannot read the password file \(path)")
                }
                return String(decoding: data, as: UTF8.self)
            })
    }

    var waitLimit: Duration { .milliseconds(Int(timeout * 1000)) }
}

/// `--json` on read commands.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the answer as JSON instead of a table.")
    var json = false
}
