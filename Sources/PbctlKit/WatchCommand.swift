import ArgumentParser
import Contract
import Foundation
import MQTT
import PbctlCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT, SIGTERM or SIGHUP while `watch` runs.
private let watchInterrupted = Atomic<Bool>(false)

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "A live view of the cluster, like top: nodes, the plan's moves and running migrations, redrawn as the bus changes.",
        discussion: """
            Follows the retained state topics ({b}/cluster/state, {b}/recommendations, {b}/scores, \
            {b}/maintenance, {b}/migrations/+ and the services' availability) and redraws on every \
            change. On a terminal it draws in place on the alternate screen (sized to the terminal, \
            in colour unless NO_COLOR is set) and restores the screen when interrupted (Ctrl-C); \
            otherwise it prints a plain frame after each change (COLUMNS and LINES give the size). \
            --once prints one frame and exits.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print one frame and exit.") var once = false

    private enum Event: Sendable {
        case message(MQTTMessage)
        case tick
        case stop
    }

    func run() async throws {
        try await Session.with(global, snapshot: true) { session in
            let base = session.base
            var state = WatchState(cluster: session.cluster, snapshot: session.snapshot)
            let filters = WatchState.filters(base: base, cluster: session.cluster)
            let interactive = Terminal.outputIsTerminal && !once
            func frame() -> [String] {
                WatchView.frame(
                    state, now: Date(), width: Terminal.width ?? 80, height: Terminal.height ?? (interactive ? 24 : nil),
                    style: session.style)
            }
            if once {
                for message in await session.bus.retained(filters, quiet: .milliseconds(400)) {
                    state.apply(topic: message.topic, payload: message.payload, base: base)
                }
                Terminal.print(frame().joined(separator: "\n"))
                return
            }

            let (events, sink) = AsyncStream.makeStream(of: Event.self)
            let stream = try await session.bus.follow(filters)
            let reader = Task {
                for await message in stream { sink.yield(.message(message)) }
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    sink.yield(watchInterrupted.load(ordering: .relaxed) ? .stop : .tick)
                }
            }
            // A handler that only sets a flag (async-signal-safe); the ticker turns it into a stop.
            for number in [SIGINT, SIGTERM, SIGHUP] { signal(number) { _ in watchInterrupted.store(true, ordering: .relaxed) } }
            if interactive { Terminal.write("\u{1B}[?1049h\u{1B}[?25l") }

            let clock = ContinuousClock()
            var lastDraw = clock.now - .seconds(1)
            var dirty = true
            var shown: [String] = []
            loop: for await event in events {
                switch event {
                case .message(let message):
                    if state.apply(topic: message.topic, payload: message.payload, base: base) { dirty = true }
                case .tick:
                    // On a terminal the ages and the size may change between messages.
                    if interactive && clock.now - lastDraw >= .seconds(1) { dirty = true }
                case .stop:
                    break loop
                }
                // Bursts (the retained messages at the start) are drawn once.
                guard dirty, clock.now - lastDraw >= .milliseconds(150) else { continue }
                dirty = false
                lastDraw = clock.now
                let lines = frame()
                guard lines != shown else { continue }
                shown = lines
                if interactive {
                    Terminal.write("\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\n") + "\u{1B}[J")
                } else {
                    Terminal.print(lines.joined(separator: "\n") + "\n")
                }
            }
            if interactive { Terminal.write("\u{1B}[?25h\u{1B}[?1049l") }
            reader.cancel()
            ticker.cancel()
        }
    }
}
