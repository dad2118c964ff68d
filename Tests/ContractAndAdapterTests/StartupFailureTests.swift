import Contract
import Foundation
import HTTPTransport
import ProxmoxAPI
import ServiceRuntime
import Testing

/// What a service says on the bus when Proxmox refuses it at start, and where.
@Suite("Start-up failures")
struct StartupFailureTests {
    let t0 = Date(timeIntervalSince1970: 1_763_884_800)

    func pve(_ kind: PVEError.Kind, status: Int? = nil, underlying: (any Error)? = nil) -> PVEError {
        PVEError(kind: kind, status: status, method: "GET", path: "/cluster/status", message: "refused", underlying: underlying)
    }

    @Test("errors are classified by what the admin has to fix")
    func classification() {
        #expect(StartupFailure(pve(.unauthorized, status: 401)).reason == .authentication)
        #expect(StartupFailure(pve(.forbidden, status: 403)).reason == .authentication)
        let pin = HTTPClientError(kind: .certificatePinMismatch, message: "no match", url: "https://pve:8006/api2/json/cluster/status")
        #expect(StartupFailure(pve(.transport, underlying: pin)).reason == .certificatePin)
        let tls = HTTPClientError(kind: .tlsFailure, message: "handshake", url: "https://pve:8006/")
        #expect(StartupFailure(pve(.transport, underlying: tls)).reason == .tls)
        let refused = HTTPClientError(kind: .connectionFailed, message: "refused", url: "https://pve:8006/")
        #expect(StartupFailure(pve(.transport, underlying: refused)).reason == .unreachable)
        #expect(StartupFailure(pve(.server, status: 500)).reason == .unreachable)
        #expect(StartupFailure(CocoaError(.fileReadUnknown)).reason == .unreachable)
    }

    @Test("the event: auth_failed for a token, else the service's kind; critical, in the service's category, saying what to check")
    func events() {
        let token = StartupFailure(pve(.unauthorized, status: 401))
        let collector = token.event(service: .collector, cluster: "lab", at: t0)
        #expect(collector.kind == "auth_failed")
        #expect(collector.category == .collector)
        #expect(collector.severity == .critical)
        #expect(collector.cluster == "lab")
        #expect(collector.message.contains("PROXBALANCE_PVE_TOKEN"))
        #expect(collector.message.hasPrefix("pb-collector cannot start"))

        let executor = token.event(service: .executor, cluster: "", at: t0)
        #expect(executor.kind == "auth_failed")
        #expect(executor.category == .executor)

        let unreachable = StartupFailure(reason: .unreachable, detail: "connection refused")
        #expect(unreachable.kind(for: .collector) == "collection_failed")
        #expect(unreachable.kind(for: .executor) == "proxmox_unreachable")
        let pin = StartupFailure(reason: .certificatePin, detail: "no match").event(service: .executor, cluster: "lab", at: t0)
        #expect(pin.message.contains("PROXBALANCE_PVE_FINGERPRINT"))

        let recovered = StartupFailure.recovered(service: .executor, cluster: "", serving: "homelab", at: t0)
        #expect(recovered.kind == "recovered")
        #expect(recovered.severity == .info)
        #expect(recovered.details.contains { $0.name == "serving_cluster" && $0.value == "homelab" })
    }

    @Test("announced under the remembered cluster, else the only cluster on the bus, else bus-wide")
    func destination() {
        #expect(StartupDestination.choose(remembered: "lab", onBus: ["other"]).cluster == "lab")
        #expect(StartupDestination.choose(remembered: nil, onBus: ["other"]).cluster == "other")
        #expect(StartupDestination.choose(remembered: nil, onBus: ["a", "b"]).cluster == nil)
        #expect(StartupDestination.choose(remembered: nil, onBus: []).cluster == nil)
        #expect(StartupDestination.choose(remembered: "bad/id", onBus: []).cluster == nil)

        let lab = StartupDestination(cluster: "lab")
        #expect(lab.availability(base: "pb", .collector) == "pb/lab/collector/availability")
        #expect(lab.events(base: "pb", .executor) == "pb/lab/events/executor")
        let busWide = StartupDestination(cluster: nil)
        #expect(busWide.availability(base: "pb", .executor) == "pb/executor/availability")
        #expect(busWide.events(base: "pb", .collector) == "pb/events/collector")
    }
}
