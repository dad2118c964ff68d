import ArgumentParser
import Contract
import Foundation
import PbctlCore

/// `pbctl`: ProxBalance from a terminal, over MQTT only.
struct PbctlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pbctl",
        abstract: "ProxBalance from the terminal: the cluster's state, the plan, migrations, maintenance, automation, settings.",
        discussion: """
            pbctl talks only MQTT, with the services' own settings: PROXBALANCE_MQTT_URL, \
            PROXBALANCE_MQTT_USERNAME, PROXBALANCE_MQTT_PASSWORD (or _FILE), PROXBALANCE_MQTT_CA_FILE, \
            PROXBALANCE_BASE_TOPIC and PROXBALANCE_CLUSTER, or the flags --url, --user, --password-file, \
            --ca-file, --base-topic, --cluster, or ~/.config/proxbalance/pbctl.json with the keys url, \
            username, password_file (or password), ca_file, base_topic, cluster (flags win over the \
            environment, which wins over the file). Without --cluster it acts on the only cluster on the bus. \
            Answers come to the account's inbox <base>/clients/<user>/responses/pbctl/…; commands carry an \
            id, sent_at and, for the executor, requested_by "pbctl:<os user>", and expire at the broker \
            once pbctl stopped waiting (--timeout).

            \(PbctlExit.helpText)
            """,
        version: "pbctl \(ProductVersion.current)",
        subcommands: [
            StatusCommand.self, NodesCommand.self, GuestsCommand.self, RecsCommand.self, WhyCommand.self, OptionsCommand.self,
            MigrateCommand.self, CancelCommand.self, RollbackCommand.self, EvacuateCommand.self, MaintenanceCommand.self,
            AutomationCommand.self, SettingsCommand.self, SimulateCommand.self, ThresholdsCommand.self, HistoryCommand.self, ScoreHistoryCommand.self,
            EventsCommand.self,
            NotifyCommand.self,
            WatchCommand.self,
        ])
}

/// The entry point: runs the command and turns what it throws into an exit status.
public enum Pbctl {
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        do {
            var command = try PbctlCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return PbctlExit.done.rawValue
        } catch let failure as PbctlFailure {
            Terminal.printError("pbctl: \(failure.message)")
            return failure.exit.rawValue
        } catch {
            switch PbctlCommand.exitCode(for: error) {
            case .success:
                Terminal.print(PbctlCommand.fullMessage(for: error))
                return PbctlExit.done.rawValue
            case .validationFailure:
                Terminal.printError(PbctlCommand.fullMessage(for: error))
                return PbctlExit.usage.rawValue
            default:
                Terminal.printError("pbctl: \(PbctlCommand.message(for: error))")
                return PbctlExit.failed.rawValue
            }
        }
    }
}
