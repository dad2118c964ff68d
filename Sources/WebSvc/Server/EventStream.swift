import Foundation
import HTTPTypes
import Hummingbird

/// The Server-Sent Events body of `GET /api/events`: `event: state` with the whole state, then
/// `event: update` per change and a comment every `heartbeat`, until the hub ends the stream,
/// the session ends or the browser leaves.
enum EventStream {
    static func response(
        state: (prefix: ByteBuffer, shared: ByteBuffer), updates: AsyncStream<[UInt8]>, heartbeat: Duration = .seconds(15),
        stillValid: @escaping @Sendable () async -> Bool
    ) -> Response {
        let body = ResponseBody { writer in
            // The shared part is one buffer for every page: written as it is, not copied.
            try await writer.write(ByteBuffer(string: "event: state\ndata: "))
            try await writer.write(state.prefix)
            try await writer.write(state.shared)
            try await writer.write(ByteBuffer(string: "\n\n"))
            // One consumer writes; the updates and the heartbeat are merged into one stream.
            let (merged, input) = AsyncStream<[UInt8]?>.makeStream()
            let forward = Task {
                for await update in updates { input.yield(frame("update", update)) }
                input.finish()
            }
            let beat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: heartbeat)
                    input.yield(nil)
                }
            }
            defer {
                forward.cancel()
                beat.cancel()
            }
            for await item in merged {
                if let item {
                    try await writer.write(ByteBuffer(bytes: item))
                } else {
                    guard await stillValid() else { break }
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }

    /// One event: `event: <name>` and the JSON on one `data:` line. A line break in JSON can only
    /// be whitespace between tokens (strings escape theirs), so it becomes a space.
    static func frame(_ name: String, _ json: [UInt8]) -> [UInt8] {
        Array("event: \(name)\ndata: ".utf8) + json.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 } + Array("\n\n".utf8)
    }
}
