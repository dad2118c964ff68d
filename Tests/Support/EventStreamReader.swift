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
    private var buffer: [UInt8] = []

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
        let head = try readUntil(Array("\r\n\r\n".utf8), timeout: 20)
        let statusLine = String(decoding: head, as: UTF8.self).split(separator: "\r\n").first ?? ""
        status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// The next event within `timeout` seconds, skipping comments; `nil` when the stream ended.
    /// Chunked transfer framing is removed.
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

    /// One line of the event stream (chunk size lines of the transfer encoding are skipped).
    private func readLine(deadline: Date) throws -> String? {
        while true {
            guard let line = try readUntilOptional(Array("\n".utf8), deadline: deadline) else { return nil }
            var text = String(decoding: line.dropLast(), as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            // Chunk sizes are hex numbers alone on a line; event lines never are.
            if !text.isEmpty, text.allSatisfy(\.isHexDigit), !text.hasPrefix("data") { continue }
            return text
        }
    }

    private func readUntil(_ marker: [UInt8], timeout: TimeInterval) throws -> [UInt8] {
        guard let bytes = try readUntilOptional(marker, deadline: Date().addingTimeInterval(timeout)) else {
            throw FreePortError("the event stream closed before \(String(decoding: marker, as: UTF8.self).debugDescription)")
        }
        return bytes
    }

    private func readUntilOptional(_ marker: [UInt8], deadline: Date) throws -> [UInt8]? {
        while true {
            if let range = firstRange(of: marker) {
                let result = Array(buffer[..<range])
                buffer.removeFirst(range)
                return result
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw FreePortError("no event within the deadline") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(remaining, 1) * 1000)) >= 0 else { throw FreePortError("poll failed") }
            guard poller.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk[..<count]
        }
    }

    private func firstRange(of marker: [UInt8]) -> Int? {
        guard buffer.count >= marker.count else { return nil }
        for start in 0...(buffer.count - marker.count) where buffer[start..<start + marker.count].elementsEqual(marker) {
            return start + marker.count
        }
        return nil
    }
}
