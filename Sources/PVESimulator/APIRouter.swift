import Contract
import Foundation

extension SimulatorCore {
    /// Answers one request at simulated time `now`.
    mutating func handle(_ request: SimRequest, at now: Double) -> SimResponse {
        advance(to: now)
        if rollSimulatedFailure() { return APIResponse.failure(status: 500, message: "simulated failure") }
        do {
            return try route(request, now: now)
        } catch let error as APIError {
            return error.response
        } catch {
            return APIResponse.failure(status: 500, message: "internal simulator error")
        }
    }

    private mutating func route(_ request: SimRequest, now: Double) throws -> SimResponse {
        let method = request.method.uppercased()
        let segments = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let displayPath = "/" + segments.joined(separator: "/")
        let parameters = RequestParameters(request.query.merging(request.form) { _, form in form })
        let unsupported = APIError.notImplemented(method: method, path: displayPath)
        func get(_ answer: () throws -> SimResponse) throws -> SimResponse {
            guard method == "GET" else { throw unsupported }
            return try answer()
        }

        switch segments.first {
        case "version" where segments.count == 1:
            return try get { versionInfo() }
        case "storage" where segments.count == 1:
            return try get { storageConfig() }
        case "cluster":
            switch Array(segments.dropFirst()) {
            case ["status"]: return try get { clusterStatus() }
            case ["resources"]:
                guard method == "GET" else { throw unsupported }
                return try clusterResources(parameters: parameters, now: now)
            case ["tasks"]: return try get { clusterTasks(now: now) }
            case ["options"]: return try get { clusterOptions() }
            case ["ha", "resources"]: return try get { try haResources(parameters: parameters) }
            case ["ha", "status", "current"]: return try get { haStatus(now: now) }
            case ["ha", "rules"] where model.version.major >= 9: return try get { haRules() }
            case ["ha", "groups"] where model.version.major < 9: return try get { haGroups() }
            default: throw unsupported
            }
        case "nodes":
            if segments.count == 1 { return try get { nodeList(now: now) } }
            return try routeNode(Array(segments.dropFirst()), method: method, parameters: parameters, now: now, unsupported: unsupported)
        default:
            throw unsupported
        }
    }

    /// `/nodes/{node}/…`: unknown node → hostname lookup error, offline node → 595.
    private mutating func routeNode(
        _ segments: [String], method: String, parameters: RequestParameters, now: Double,
        unsupported: APIError
    ) throws -> SimResponse {
        let name = segments[0]
        guard let node = model.nodeIndex[name] else {
            throw APIError.failure("hostname lookup '\(name)' failed - failed to get address info for: \(name): Name or service not known")
        }
        guard !isOffline(node) else { throw APIError.noRoute }
        let rest = Array(segments.dropFirst())
        func get(_ answer: () throws -> SimResponse) throws -> SimResponse {
            guard method == "GET" else { throw unsupported }
            return try answer()
        }

        switch rest.count {
        case 0: return try get { nodeIndex() }
        case 1:
            switch rest[0] {
            case "version": return try get { versionInfo() }
            case "status": return try get { nodeStatus(node: node, now: now) }
            case "rrddata": return try get { try nodeRRD(node: node, parameters: parameters, now: now) }
            case "storage": return try get { try nodeStorage(node: node, parameters: parameters) }
            case "tasks": return try get { try nodeTasks(node: node, parameters: parameters, now: now) }
            case "qemu": return try get { try qemuList(node: node, parameters: parameters, now: now) }
            case "lxc": return try get { lxcList(node: node, now: now) }
            default: throw unsupported
            }
        default:
            if rest[0] == "tasks", rest.count == 2, method == "DELETE" {
                return stopTask(try task(upid: rest[1], node: node), at: now)
            }
            if rest[0] == "tasks", rest.count == 3 {
                let index = try task(upid: rest[1], node: node)
                switch rest[2] {
                case "status": return try get { taskStatus(index, now: now) }
                case "log": return try get { try taskLog(index, parameters: parameters, now: now) }
                default: throw unsupported
                }
            }
            guard let type = GuestType(rawValue: rest[0]), rest.count >= 3 else { throw unsupported }
            let vmid = rest[1]
            switch Array(rest.dropFirst(2)) {
            case ["config"]: return try get { guestConfig(guest: try guestIndex(node: node, type: type, vmid: vmid)) }
            case ["status", "current"]: return try get { guestStatus(guest: try guestIndex(node: node, type: type, vmid: vmid), now: now) }
            case ["rrddata"]:
                return try get { try guestRRD(guest: try guestIndex(node: node, type: type, vmid: vmid), parameters: parameters, now: now) }
            case ["migrate"] where method == "POST":
                return try postMigrate(node: node, type: type, vmid: vmid, parameters: parameters, at: now)
            case ["migrate"] where method == "GET":
                if type == .lxc {
                    guard model.version.major >= 9 else { throw unsupported }
                    return try lxcMigratePreconditions(node: node, guest: try guestIndex(node: node, type: type, vmid: vmid))
                }
                return try qemuMigratePreconditions(node: node, guest: try guestIndex(node: node, type: type, vmid: vmid))
            default: throw unsupported
            }
        }
    }
}
