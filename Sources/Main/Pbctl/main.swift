import Foundation
import PbctlKit

// pbctl: ProxBalance from a terminal, over MQTT (see the README, "pbctl").
exit(await Pbctl.main())
