import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP relay in front of the broker whose connections can be cut abruptly, as a
/// network failure or a killed process would: no MQTT DISCONNECT is sent, so the broker
/// publishes the client's will. New connections keep being accepted after a cut.
final class MQTTTestRelay: Sendable {
    let port: Int
    private let listener: Int32
    private let open = Mutex<[Int32]>([])

    init(targetPort: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        guard listener >= 0, bound == 0, named == 0, listen(listener, 16) == 0 else {
            throw TestFailure("relay could not listen: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop(listener: listener, targetPort: targetPort) }.start()
    }

    /// Cuts every relayed connection in both directions.
    func cutConnections() {
        open.withLock { sockets in
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Stops accepting and cuts everything.
    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        cutConnections()
    }

    deinit { Glibc.close(listener) }

    private func acceptLoop(listener: Int32, targetPort: Int) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                Glibc.close(client)
                Glibc.close(upstream)
                continue
            }
            open.withLock { $0 += [client, upstream] }
            let pumps = Mutex(2)
            let finish: @Sendable () -> Void = { [self] in
                // The second pump to end closes both sockets, so no thread reads a reused fd.
                guard
                    pumps.withLock({
                        $0 -= 1
                        return $0
                    }) == 0
                else { return }
                open.withLock { $0.removeAll { $0 == client || $0 == upstream } }
                Glibc.close(client)
                Glibc.close(upstream)
            }
            Thread {
                Self.pump(from: client, to: upstream)
                finish()
            }.start()
            Thread {
                Self.pump(from: upstream, to: client)
                finish()
            }.start()
        }
    }

    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                guard written > 0 else { break }
                sent += written
            }
            guard sent == count else { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
