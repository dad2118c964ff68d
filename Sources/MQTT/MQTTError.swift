import CMosquitto
import Foundation

/// Every failure of the MQTT layer: what kind it is, the underlying code and a readable message.
/// Messages never contain passwords or other secrets.
public struct MQTTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of an `MQTTError`; compare with the static members, e.g. `error.kind == .reasonCode`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case library, reasonCode, invalidArgument, notConnected, connectionLost, timeout, closed, noResponder
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A libmosquitto call failed; `code` is the `MOSQ_ERR_*` value.
        public static let library = Kind(.library)
        /// The broker refused something (CONNACK, PUBACK, SUBACK, DISCONNECT); `code` is the MQTT v5 reason code.
        public static let reasonCode = Kind(.reasonCode)
        /// A URL, topic, filter, payload or configuration value is malformed.
        public static let invalidArgument = Kind(.invalidArgument)
        /// The operation needs a connection and the client is not connected.
        public static let notConnected = Kind(.notConnected)
        /// The connection dropped before the operation completed.
        public static let connectionLost = Kind(.connectionLost)
        /// No answer arrived in time.
        public static let timeout = Kind(.timeout)
        /// The client was disconnected with `disconnect()` (or released).
        public static let closed = Kind(.closed)
        /// A request reached no subscriber at all (PUBACK reason 16), so nobody can answer it.
        public static let noResponder = Kind(.noResponder)

        public var description: String { base.rawValue }
    }

    public let kind: Kind
    /// `MOSQ_ERR_*` for `.library`, the MQTT reason code for `.reasonCode` and `.noResponder`, otherwise 0.
    public let code: Int32
    public let message: String

    public init(kind: Kind, code: Int32 = 0, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "MQTTError.\(kind)(\(code)): \(message)" }

    /// An error for libmosquitto status `rc`; `context` says what was being done (no secrets).
    static func library(_ rc: Int32, _ context: String) -> MQTTError {
        var text = String(cString: mosquitto_strerror(rc))
        if rc == MOSQ_ERR_ERRNO.rawValue {
            text = String(cString: strerror(errno))
        }
        return MQTTError(kind: .library, code: rc, message: "\(context): \(text)")
    }

    /// An error for MQTT v5 reason code `code` sent by the broker.
    static func reason(_ code: Int32, _ context: String) -> MQTTError {
        MQTTError(kind: .reasonCode, code: code, message: "\(context): \(reasonString(code)) (reason code \(code))")
    }

    /// Error for the `rc` of libmosquitto's disconnect callback, which mixes library codes (< 128)
    /// and broker reason codes (>= 128).
    static func disconnect(_ rc: Int32) -> MQTTError {
        rc >= 128 ? reason(rc, "broker closed the connection") : library(rc, "connection lost")
    }

    static func reasonString(_ code: Int32) -> String { String(cString: mosquitto_reason_string(code)) }
}
