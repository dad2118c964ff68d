import Contract
import ProxmoxAPI

/// A cycle that could not read the cluster at all (cluster status or resources failed).
struct CycleFailure: Error, Sendable {
    var endpoint: String
    var error: any Error

    /// A rejected or under-privileged token.
    var isAuthentication: Bool {
        guard let pve = error as? PVEError else { return false }
        return pve.kind == .unauthorized || pve.kind == .forbidden
    }

    var message: String { (error as? PVEError)?.message ?? String(describing: error) }

    /// `error` as a cycle failure — except cancellation (shutdown), which stays what it is.
    static func wrapping(_ error: any Error, endpoint: String) -> any Error {
        error is CancellationError ? error : CycleFailure(endpoint: endpoint, error: error)
    }
}

extension CollectionError {
    /// The error entry for a failed call to `endpoint`.
    init(endpoint: String, node: String? = nil, error: any Error) {
        let pve = error as? PVEError
        self.init(endpoint: endpoint, node: node, status: pve?.status, message: pve.map(\.description) ?? String(describing: error))
    }
}
