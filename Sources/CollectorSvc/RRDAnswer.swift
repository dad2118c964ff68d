import Contract
import Foundation
import ProxmoxAPI
import ProxmoxClient

/// Answers the `rrd` request from Proxmox: finds the node (or the guest, its node and kind) in
/// `/cluster/resources`, then reads its rrddata. An unknown node or guest is `not_found`; a
/// Proxmox that cannot be read is `proxmox_unavailable`. Where the guests are is read again
/// only after `placementSeconds` or for a guest not seen, so a run of guest requests (scoring's
/// cold start asks for 50 guests at a time) reads `/cluster/resources` once.
actor RRDAnswer {
    /// How long the guests' nodes and kinds are reused.
    static let placementSeconds = 30

    let client: PVEClient
    private var placements: [Int: (node: String, kind: PVEGuestKind)] = [:]
    private var placementsReadAt: ContinuousClock.Instant?

    init(client: PVEClient) {
        self.client = client
    }

    /// The node and kind of guest `vmid`, `nil` when Proxmox does not know it.
    private func placement(of vmid: Int) async throws -> (node: String, kind: PVEGuestKind)? {
        if let readAt = placementsReadAt, ContinuousClock.now - readAt < .seconds(Self.placementSeconds), let known = placements[vmid] {
            return known
        }
        var read: [Int: (node: String, kind: PVEGuestKind)] = [:]
        for guest in try await client.clusterResources(type: .vm) {
            guard let vmid = guest.vmid, let node = guest.node else { continue }
            switch guest.type {
            case .qemu: read[vmid] = (node, .qemu)
            case .lxc: read[vmid] = (node, .lxc)
            default: continue
            }
        }
        placements = read
        placementsReadAt = .now
        return read[vmid]
    }

    func answer(_ request: RRDRequest) async -> Result<RRDSeries, ReplyError> {
        guard let timeframe = PVERRDTimeframe(rawValue: request.timeframe),
            let cf = PVERRDConsolidation(rawValue: request.consolidation)
        else { return .failure(.invalid("timeframe: '\(request.timeframe)' is not known")) }
        do {
            if let vmid = request.vmid {
                guard let (node, kind) = try await placement(of: vmid) else {
                    return .failure(.notFound("vmid: guest \(vmid) is not in the cluster"))
                }
                if let asked = request.node, asked != node {
                    return .failure(.notFound("node: guest \(vmid) is on '\(node)', not on '\(asked)'"))
                }
                let points = try await client.guestRRD(node, kind: kind, vmid: vmid, timeframe: timeframe, cf: cf)
                return .success(
                    RRDSeries(node: node, vmid: vmid, timeframe: timeframe.rawValue, cf: cf.rawValue, points: RRDPoints.guest(points)))
            }
            let node = request.node ?? ""
            let nodes = try await client.clusterResources(type: .node)
            guard nodes.contains(where: { $0.node == node }) else { return .failure(.notFound("node: '\(node)' is not in the cluster")) }
            let points = try await client.nodeRRD(node, timeframe: timeframe, cf: cf)
            return .success(RRDSeries(node: node, vmid: nil, timeframe: timeframe.rawValue, cf: cf.rawValue, points: RRDPoints.node(points)))
        } catch is CancellationError {
            return .failure(.internal("the collector is shutting down"))
        } catch {
            return .failure(.proxmoxUnavailable(error))
        }
    }
}

extension ReplyError {
    /// The Proxmox API could not be read; the request may be retried.
    static func proxmoxUnavailable(_ error: any Error) -> Self {
        Self(code: "proxmox_unavailable", message: "the Proxmox API could not be read: \(error)")
    }
}
