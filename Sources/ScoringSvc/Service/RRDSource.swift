import Contract
import Foundation
import MQTT

/// Where scoring reads Proxmox's RRD history: the collector's `rrd` request.
public protocol RRDSource: Sendable {
    /// The RRD series `request` asks for in `cluster`.
    /// - Throws: `ReplyError` when the collector answered with an error, `RRDSourceUnavailable`
    ///   when it did not answer.
    func rrd(_ request: RRDRequest, cluster: String) async throws -> RRDSeries
}

/// The collector did not answer (offline, or slower than the timeout): try again later.
public struct RRDSourceUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Asks the collector on the bus, answers coming to scoring's inbox.
public struct BusRRDSource: RRDSource {
    let mqtt: MQTTClient
    let base: String
    /// Scoring's inbox, `{b}/clients/<username>/responses/scoring`.
    let inbox: String
    let timeout: Duration

    public init(mqtt: MQTTClient, base: String, account: String, timeout: Duration = .seconds(20)) {
        self.mqtt = mqtt
        self.base = base
        inbox = "\(base)/clients/\(account)/responses/scoring"
        self.timeout = timeout
    }

    public func rrd(_ request: RRDRequest, cluster: String) async throws -> RRDSeries {
        let topic = Topics(base: base, cluster: cluster).request(.collector, op: RRDRequest.operation)
        let answer: MQTTMessage
        do {
            answer = try await mqtt.request(
                topic: topic, payload: Array(try MessageCoding.encode(request)), responseTopic: inbox, contentType: "application/json",
                timeout: timeout, messageExpiry: UInt32(timeout.components.seconds))
        } catch let error as MQTTError {
            throw RRDSourceUnavailable(description: "the collector did not answer on \(topic): \(error)")
        }
        let reply = try MessageCoding.decode(Reply<RRDSeries>.self, from: answer.payloadData)
        if let result = reply.result, reply.ok { return result }
        throw reply.error ?? ReplyError.internal("the collector's answer had neither a result nor an error")
    }
}
