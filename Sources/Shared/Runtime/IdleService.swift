import ServiceLifecycle

/// A service that does nothing until shutdown: keeps a placeholder process connected and
/// announcing its availability.
public struct IdleService: Service {
    public init() {}

    public func run() async throws {
        try? await gracefulShutdown()
    }
}
