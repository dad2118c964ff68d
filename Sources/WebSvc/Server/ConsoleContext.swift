import Hummingbird
import NIOCore

/// The request context of the console's routes: Hummingbird's, plus the peer's address (for the
/// login throttle).
struct ConsoleContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text (`unknown` when the channel has none).
    var peer: String { remoteAddress?.ipAddress ?? "unknown" }
}
