import Foundation
import ScoringSvc
import ServiceRuntime

// pb-scoring: turns cluster snapshots into recommendations (see docs/mqtt-api.md), for
// PROXBALANCE_CLUSTER or, when it is unset, for every cluster on the bus.
exit(await ServiceProcess.run(ScoringProgram()))
