import Foundation
import Testing

@testable import PVESimulator

/// How the server turns HTTP requests into `SimRequest`s, and the token and certificate helpers.
@Suite("Simulator server request decoding")
struct ServerRequestDecodingTests {
    @Test("Path and query are percent-decoded; `+` is a space in the query only; trailing slashes go")
    func pathAndQuery() throws {
        let request = try ServerRequestDecoding.simRequest(
            method: "GET", rawPath: "/nodes/pve1/tasks/UPID%3Apve1%3A0000ABCD%3Aqmigrate%3A100%3Aroot%40pam%21x%3A/log/",
            query: "start=0&limit=50&note=a+b%2Bc&empty", contentType: nil, body: Data())
        #expect(request.path == "/nodes/pve1/tasks/UPID:pve1:0000ABCD:qmigrate:100:root@pam!x:/log")
        #expect(request.query == ["start": "0", "limit": "50", "note": "a b+c", "empty": ""])
        #expect(request.form.isEmpty)
    }

    @Test("A form body becomes string parameters")
    func formBody() throws {
        let request = try ServerRequestDecoding.simRequest(
            method: "POST", rawPath: "/nodes/pve1/qemu/100/migrate", query: nil,
            contentType: "application/x-www-form-urlencoded", body: Data("target=pve2&online=1&with-local-disks=1".utf8))
        #expect(request.method == "POST")
        #expect(request.form == ["target": "pve2", "online": "1", "with-local-disks": "1"])
    }

    @Test("A JSON body becomes string parameters: booleans as 1/0, numbers as text, nulls dropped")
    func jsonBody() throws {
        let request = try ServerRequestDecoding.simRequest(
            method: "POST", rawPath: "/nodes/pve1/qemu/100/migrate", query: nil, contentType: "application/json; charset=utf-8",
            body: Data(#"{"target":"pve2","online":true,"force":false,"bwlimit":1024,"ratio":0.5,"comment":null}"#.utf8))
        #expect(request.form == ["target": "pve2", "online": "1", "force": "0", "bwlimit": "1024", "ratio": "0.5"])
    }

    @Test(
        "Malformed bodies and encodings are clear errors, not crashes",
        arguments: [
            ("/version", nil as String?, "application/json", "[1,2]", "JSON object"),
            ("/version", nil, "application/json", #"{"a":{"b":1}}"#, "JSON object"),
            ("/version", "x=%zz", nil, "", "parameter 'x'"),
            ("/nodes/%zz", nil, nil, "", "the path"),
        ])
    func malformed(path: String, query: String?, contentType: String?, body: String, expected: String) {
        #expect {
            _ = try ServerRequestDecoding.simRequest(
                method: "POST", rawPath: Substring(path), query: query, contentType: contentType, body: Data(body.utf8))
        } throws: { error in
            String(describing: error).contains(expected)
        }
    }

    @Test("API tokens parse into id and secret, and never print their secret")
    func apiToken() throws {
        let token = try PVEAPIToken("monitor@pve!collector=3f2c-uuid=x")
        #expect(token.tokenID == "monitor@pve!collector")
        #expect(token.secret == "3f2c-uuid=x")
        #expect(token.authorizationHeader == "PVEAPIToken=monitor@pve!collector=3f2c-uuid=x")
        #expect(!"\(token)".contains("3f2c"))
        for bad in ["", "root@pam", "root@pam!id", "root@pam!id=", "root!id=secret", "@pam!id=s", "root@pam!=s", "root!x@pam=s"] {
            #expect(throws: PVEAPITokenError.self, "\(bad)") { try PVEAPIToken(bad) }
        }
    }

    @Test("The generated certificate names localhost, 127.0.0.1 and the bind address")
    func subjectAltNames() {
        #expect(TLSCertificate.subjectAltNames(hosts: ["127.0.0.1"]) == "DNS:localhost,IP:127.0.0.1")
        #expect(TLSCertificate.subjectAltNames(hosts: ["0.0.0.0"]) == "DNS:localhost,IP:127.0.0.1")
        #expect(TLSCertificate.subjectAltNames(hosts: ["10.0.0.5"]) == "DNS:localhost,IP:127.0.0.1,IP:10.0.0.5")
        #expect(TLSCertificate.subjectAltNames(hosts: ["::1"]) == "DNS:localhost,IP:127.0.0.1,IP:::1")
        #expect(TLSCertificate.subjectAltNames(hosts: ["pve.example"]) == "DNS:localhost,IP:127.0.0.1,DNS:pve.example")
        #expect(TLSCertificate.subjectAltNames(hosts: ["dead.beef"]) == "DNS:localhost,IP:127.0.0.1,DNS:dead.beef")
    }

    @Test("Unreadable certificate files are a clear error")
    func unreadableCertificate() {
        #expect {
            _ = try TLSCertificate(certificatePath: "/nonexistent/cert.pem", privateKeyPath: "/nonexistent/key.pem")
        } throws: { error in
            String(describing: error) == "cannot read the TLS certificate file /nonexistent/cert.pem"
        }
    }
}
