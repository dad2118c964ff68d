import Foundation

/// Maps real time to simulated time: `sim = simStart + speed × (real − realStart)`.
struct SimClock: Sendable {
    let realStart: Double
    let simStart: Double
    let speed: Double

    func simTime(_ date: Date) -> Double {
        simStart + speed * (date.timeIntervalSince1970 - realStart)
    }
}
