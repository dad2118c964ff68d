import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Puts the simulator's own reason phrase on the HTTP/1.1 status line. Proxmox sends its error
/// text there (`500 can't migrate running VM without --online`, `401 No ticket`), but NIO's
/// conversion from Swift HTTP Types replaces the phrase of every well-known code with the
/// standard one. Responses therefore carry the phrase in an internal header, which a handler
/// placed between that conversion and the HTTP/1.1 encoder moves onto the status line.
enum ServerReasonPhrase {
    /// Internal header carrying the phrase from the responder to the encoder; never sent.
    static let headerName = "x-pvesim-reason-phrase"

    /// The handlers to pass as Hummingbird's `additionalChannelHandlers`.
    static func channelHandlers() -> [any RemovableChannelHandler] {
        [Installer()]
    }

    /// Sits where Hummingbird adds extra handlers (after the HTTP Types conversion) and inserts
    /// `StatusLineWriter` on the other side of that conversion; passes everything through.
    private final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny

        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            guard let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) else { return }
            try? pipeline.addHandler(StatusLineWriter(), position: .before(codec))
        }
    }

    /// Rewrites outgoing response heads: the internal header becomes the status line's phrase.
    private final class StatusLineWriter: ChannelOutboundHandler, RemovableChannelHandler {
        typealias OutboundIn = HTTPServerResponsePart
        typealias OutboundOut = HTTPServerResponsePart

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            guard case .head(var head) = unwrapOutboundIn(data), let phrase = head.headers.first(name: headerName) else {
                context.write(data, promise: promise)
                return
            }
            head.headers.remove(name: headerName)
            head.status = .custom(code: head.status.code, reasonPhrase: phrase)
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        }
    }
}
