import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a Server-Sent Events stream (`GET` over plain HTTP/1.1 on loopback) event by event, as
/// a browser's `EventSource` does. Close it with `close()`.
public final class EventStreamReader: @unchecked Sendable {
    /// One event: its name and its `data` lines joined.
    public struct Event: Sendable {
        public var name: String
        public var data: String
    }

    /// The HTTP status of the stream's answer.
    public private(set) var status = 0
    private let fd: Int32
    /// Bytes as they came from the socket (headers, then the chunked body).
    private var raw: [UInt8] = []
    /// The body with the chunked transfer framing removed.
    private var buffer: [UInt8] = []
    private var chunked = false
    /// Body bytes still to come in the current chunk.
    private var chunkLeft = 0

    /// Connects to `127.0.0.1:port`, sends `GET path` with `cookie`, and reads the status line and
    /// headers.
    public init(port: Int, path: String, cookie: String?) throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw FreePortError("socket() failed") }
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(socketFD)
            throw FreePortError("connect to port \(port) failed: errno \(errno)")
        }
        fd = socketFD
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        if let cookie { request += "Cookie: pb_session=\(cookie)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(socketFD, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        let head = try readHead(timeout: 20)
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n")
        status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        chunked = lines.contains { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }
        if !chunked {
            buffer = raw
            raw = []
        }
    }

    /// The next event within `timeout` seconds, skipping comments; `nil` when the stream ended.
    public func next(timeout: TimeInterval = 20) throws -> Event? {
        var name = "message"
        var data: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let line = try readLine(deadline: deadline) else { return nil }
            if line.isEmpty {
                if !data.isEmpty { return Event(name: name, data: data.joined(separator: "\n")) }
                continue
            }
            if line.hasPrefix(":") { continue }
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
        }
    }

    /// The next event named `name` whose data satisfies `predicate`, within `timeout` seconds.
    public func next(_ name: String, timeout: TimeInterval = 20, where predicate: (String) -> Bool = { _ in true }) throws -> Event? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let event = try next(timeout: deadline.timeIntervalSinceNow) else { return nil }
            if event.name == name, predicate(event.data) { return event }
        }
        return nil
    }

    public func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }

    /// One line of the event stream, without its line break; `nil` when the stream ended.
    private func readLine(deadline: Date) throws -> String? {
        while true {
            if let end = buffer.firstIndex(of: 0x0A) {
                var text = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 1)
                if text.hasSuffix("\r") { text.removeLast() }
                return text
            }
            guard try receive(deadline: deadline) else { return nil }
        }
    }

    /// The status line and headers.
    private func readHead(timeout: TimeInterval) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        let marker = Array("\r\n\r\n".utf8)
        while true {
            if raw.count >= marker.count,
                let start = (0...(raw.count - marker.count)).first(where: { raw[$0..<$0 + marker.count].elementsEqual(marker) })
            {
                let head = Array(raw[..<start])
                raw.removeFirst(start + marker.count)
                return head
            }
            guard try receiveRaw(deadline: deadline) else { throw FreePortError("the event stream closed before its headers") }
        }
    }

    /// Reads more of the body into `buffer` (chunk framing removed); `false` at its end.
    private func receive(deadline: Date) throws -> Bool {
        guard chunked else {
            guard try receiveRaw(deadline: deadline) else { return false }
            buffer += raw
            raw = []
            return true
        }
        while true {
            if chunkLeft > 0, !raw.isEmpty {
                let count = min(chunkLeft, raw.count)
                buffer += raw[..<count]
                raw.removeFirst(count)
                chunkLeft -= count
                return true
            }
            if chunkLeft == 0, let end = raw.firstIndex(of: 0x0A) {
                // A chunk's size line (after the previous chunk's CRLF, which is an empty line).
                let line = String(decoding: raw[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                raw.removeFirst(end + 1)
                if line.isEmpty { continue }
                guard let size = Int(line.split(separator: ";").first ?? "", radix: 16) else {
                    throw FreePortError("bad chunk size line '\(line)'")
                }
                if size == 0 { return false }
                chunkLeft = size
                continue
            }
            guard try receiveRaw(deadline: deadline) else { return false }
        }
    }

    /// Reads what the socket has into `raw`; `false` when it closed.
    private func receiveRaw(deadline: Date) throws -> Bool {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw FreePortError("no event within the deadline") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(remaining, 1) * 1000)) >= 0 else { throw FreePortError("poll failed") }
            guard poller.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return false }
            raw += chunk[..<count]
            return true
        }
    }
}
