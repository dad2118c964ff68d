import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Makes SIGTERM/SIGINT during start-up (waiting for Proxmox or the broker) end the process
/// cleanly with status 0, until the service group runs and handles them itself.
final class StartupSignals: Sendable {
    private let running = Atomic<Bool>(false)

    /// Starts listening; signals are ignored here once `markRunning()` was called.
    init(logger: Logger) async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        Task.detached { [self] in
            for await signal in signals where !self.running.load(ordering: .acquiring) {
                logger.notice("stopped during start-up", metadata: ["signal": "\(signal)"])
                exit(0)
            }
        }
    }

    /// A service, first in the group, whose start means the group's own signal handling is on.
    var marker: some Service { Marker(owner: self) }

    private struct Marker: Service {
        let owner: StartupSignals

        func run() async throws {
            owner.running.store(true, ordering: .releasing)
            try? await gracefulShutdown()
        }
    }
}
