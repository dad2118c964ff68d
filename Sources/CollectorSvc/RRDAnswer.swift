import Contract
import Foundation
import ProxmoxAPI
import ProxmoxClient

/// Answers the `rrd` request from Proxmox: finds the node (or the guest, its node and kind) in
/// `/cluster/resources`, then reads its rrddata. An unknown node or guest is `not_found`; a
/// Proxmox that cannot be read is `proxmox_unavailable`.
struct RRDAnswer: Sendable {
    let client: PVEClient

    func answer(_ request: RRDRequest) async -> Result<RRDSeries, ReplyError> {
        guard let timeframe = PVERRDTimeframe(rawValue: request.timeframe),
            let cf = PVERRDConsolidation(rawValue: request.consolidation)
        else { return .failure(.invalid("timeframe: '\(request.timeframe)' is not known")) }
        do {
            if let vmid = request.vmid {
                let guests = try await client.clusterResources(type: .vm)
                guard let guest = guests.first(where: { $0.vmid == vmid }), let node = guest.node,
                    let kind: PVEGuestKind = guest.type == .qemu ? .qemu : guest.type == .lxc ? .lxc : nil
                else { return .failure(.notFound("vmid: guest \(vmid) is not in the cluster")) }
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
