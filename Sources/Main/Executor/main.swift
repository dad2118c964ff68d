import ExecutorSvc
import Foundation
import ServiceRuntime

// pb-executor: the only service that changes the cluster — validated, journaled migrations,
// automation, rollback (see docs/mqtt-api.md).
exit(await ServiceProcess.run(ExecutorProgram()))
