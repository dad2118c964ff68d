import Foundation
import HTTPTransport
import ProxmoxAPI
import ProxmoxClient
import Testing

@Suite("PVE errors")
struct PVEErrorTests {
    private func error(_ status: Int, _ reason: String, body: String = "") -> PVEError {
        PVEError(
            response: HTTPResponse(status: status, reasonPhrase: reason, body: Data(body.utf8)),
            method: "GET", path: "/cluster/resources")
    }

    @Test(
        "statuses map to kinds",
        arguments: [
            (400, PVEError.Kind.badRequest), (401, .unauthorized), (403, .forbidden), (404, .notFound),
            (500, .server), (501, .notImplemented), (503, .server), (595, .nodeUnreachable), (596, .nodeUnreachable),
            (599, .nodeUnreachable), (302, .unexpectedStatus), (418, .unexpectedStatus),
        ])
    func kinds(status: Int, kind: PVEError.Kind) {
        #expect(PVEError.kind(forStatus: status) == kind)
        #expect(error(status, "x").kind == kind)
    }

    @Test("401: the reason phrase is the message and the description points to the token setting")
    func unauthorized() {
        let failure = error(401, "Authentication failed!")
        #expect(failure.message == "Authentication failed!")
        #expect(failure.status == 401)
        #expect(failure.description == "Proxmox API 401 on GET /cluster/resources: Authentication failed! — check PROXBALANCE_PVE_TOKEN")
    }

    @Test("an empty reason and body still give a readable message")
    func emptyReason() {
        #expect(error(401, "").description == "Proxmox API 401 on GET /cluster/resources: authentication failed — check PROXBALANCE_PVE_TOKEN")
        #expect(error(595, "").message == "node unreachable")
    }

    @Test("595: node unreachable with the reason phrase")
    func unreachable() {
        let failure = error(595, "No route to host")
        #expect(failure.kind == .nodeUnreachable && failure.message == "No route to host")
        #expect(failure.description.hasPrefix("Proxmox API 595 on GET /cluster/resources: No route to host — "))
    }

    @Test("500: reason and body message are not repeated and the trailing newline is stripped")
    func serverDuplicate() {
        let text = "Configuration file 'nodes/pve/qemu-server/9.conf' does not exist"
        let failure = error(500, text, body: #"{"data":null,"message":"\#(text)\n"}"#)
        #expect(failure.message == text)
    }

    @Test("500: a different body message is appended to the reason phrase")
    func serverCombined() {
        let failure = error(500, "Internal Server Error", body: #"{"data":null,"message":"VM is locked (backup)\n"}"#)
        #expect(failure.message == "Internal Server Error: VM is locked (backup)")
        #expect(error(500, "", body: #"{"message":"only body\n"}"#).message == "only body")
    }

    @Test("400: the errors map is kept, multi-line messages are trimmed, the description is one line")
    func badRequest() {
        let body = #"{"data":null,"errors":{"target":"target is local node.\n","force":"line one\nline two\n"}}"#
        let failure = error(400, "Parameter verification failed.", body: body)
        #expect(failure.parameterErrors == ["target": "target is local node.", "force": "line one\nline two"])
        #expect(
            failure.description
                == "Proxmox API 400 on GET /cluster/resources: Parameter verification failed. (force: line one line two; target: target is local node.)"
        )
    }

    @Test("a body that is not JSON is ignored")
    func nonJSONBody() {
        let failure = error(502, "Bad Gateway", body: "<html>oops</html>")
        #expect(failure.kind == .server && failure.message == "Bad Gateway" && failure.parameterErrors.isEmpty)
    }
}
