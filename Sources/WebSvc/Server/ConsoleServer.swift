import ConsoleCore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import ServiceLifecycle
import ServiceRuntime

/// The console's HTTP(S) server: the `/api` routes and the static files, with security headers
/// on every answer. One more `Service` of `pb-web`'s group.
struct ConsoleServer: Service {
    let configuration: WebConfiguration
    let routes: ConsoleRoutes
    let hub: ConsoleHub
    let logger: Logger
    /// Called with the bound port once listening (tests bind port 0).
    var onListening: @Sendable (Int) async -> Void = { _ in }

    func run() async throws {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeaders())
        routes.add(to: router)
        router.add(
            middleware: FileMiddleware(
                configuration.root, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger))
        let http1 = HTTPServerBuilder.http1()
        let server = try configuration.tls.map { try HTTPServerBuilder.tls(http1, tlsConfiguration: Self.tls($0)) } ?? http1
        let (logger, onListening, scheme) = (logger, onListening, configuration.tls == nil ? "http" : "https")
        let application = Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.endpoint.host, port: configuration.endpoint.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("console listening", metadata: ["url": "\(scheme)://\(configuration.endpoint.host):\(port)/"])
                await onListening(port)
            },
            logger: logger)
        try await withGracefulShutdownHandler {
            try await application.run()
        } onGracefulShutdown: {
            Task { await hub.finishAll() }
        }
    }

    private static func tls(_ files: (certificate: String, key: String)) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
        let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.shutdownTimeout = .seconds(1)
        return configuration
    }
}
