import Foundation
import NotifierSvc
import ServiceRuntime

// pb-notifier: turns bus events into Slack, Discord, ntfy, Gotify and webhook messages (see
// docs/mqtt-api.md, "Notifier"), for PROXBALANCE_CLUSTER or, when it is unset, every cluster.
exit(await ServiceProcess.run(NotifierProgram()))
