import CollectorSvc
import Foundation
import ServiceRuntime

// pb-collector: reads the Proxmox cluster and publishes its state (see docs/mqtt-api.md).
exit(await ServiceProcess.run(CollectorProgram()))
