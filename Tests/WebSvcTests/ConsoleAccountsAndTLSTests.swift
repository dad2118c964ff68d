import ConsoleCore
import Foundation
import HTTPTransport
import Logging
import StackSupport
import TestSupport
import Testing

/// `pb-web user add` as an admin runs it, and the console over HTTPS.
@Suite("Console accounts and HTTPS", .serialized, .timeLimit(.minutes(2)))
struct ConsoleAccountsAndTLSTests {
    /// Runs `pb-web user …` with `input` on standard input.
    static func userCommand(_ arguments: [String], input: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try BuiltExecutable.url("pb-web")
        process.arguments = ["user"] + arguments
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    @Test("pb-web user add writes a bcrypt line, replaces an account, refuses bad input and keeps the file private")
    func userAdd() throws {
        let directory = try TemporaryDirectory(prefix: "web-users")
        defer { directory.remove() }
        let file = directory.path + "/users"
        let added = try Self.userCommand(["add", "alice", "--role", "operator", "--file", file], input: "first-password\n")
        #expect(added.status == 0, "\(added.errors)")
        let replaced = try Self.userCommand(["add", "alice", "--role", "viewer", "--file", file], input: "second-password\n")
        #expect(replaced.status == 0, "\(replaced.errors)")
        let accounts = try UsersFile.parse(String(contentsOfFile: file, encoding: .utf8))
        #expect(accounts.map(\.name) == ["alice"])
        #expect(accounts.first?.role == .viewer)
        #expect(accounts.first?.passwordHash.hasPrefix("$2b$12$") == true)
        #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains("second-password"))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let printed = try Self.userCommand(["add", "bob", "--role", "viewer", "--file", "-"], input: "bob-password\n")
        #expect(printed.status == 0)
        #expect(printed.output.hasPrefix("bob:viewer:$2b$"))

        let badRole = try Self.userCommand(["add", "carol", "--role", "admin", "--file", file], input: "carol-password\n")
        #expect(badRole.status == 2)
        #expect(badRole.errors.contains("--role must be operator or viewer"))
        let short = try Self.userCommand(["add", "carol", "--role", "viewer", "--file", file], input: "short\n")
        #expect(short.status == 2)
        #expect(short.errors.contains("8 to 1024 characters"))
        #expect(try UsersFile.parse(String(contentsOfFile: file, encoding: .utf8)).count == 1, "nothing written on errors")
    }

    @Test("with a certificate and key the console serves HTTPS only, and its session cookie is Secure", .enabled(if: MosquittoBroker.isAvailable))
    func https() async throws {
        let directory = try TemporaryDirectory(prefix: "web-tls")
        defer { directory.remove() }
        let (certificate, key) = (directory.path + "/cert.pem", directory.path + "/key.pem")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-keyout", key, "-out", certificate,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let fingerprint = Process()
        fingerprint.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        fingerprint.arguments = ["x509", "-noout", "-fingerprint", "-sha256", "-in", certificate]
        let output = Pipe()
        fingerprint.standardOutput = output
        try fingerprint.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        fingerprint.waitUntilExit()
        let pin = try CertificateFingerprint.parse(
            String(text.split(separator: "=", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespacesAndNewlines))

        try await withBroker { broker in
            let port = try freeLoopbackPort()
            let web = try await ConsoleStack.startWeb(
                broker: broker, directory: directory.path, webRoot: nil, port: port,
                extra: ["PROXBALANCE_WEB_TLS_CERT_FILE": certificate, "PROXBALANCE_WEB_TLS_KEY_FILE": key])
            do {
                let client = CurlHTTPClient(
                    configuration: HTTPClientConfiguration(timeout: .seconds(20), pinnedSHA256: pin), logger: Logger(label: "tls-test"))
                let body = try JSONSerialization.data(withJSONObject: ["username": "alice", "password": ConsoleStack.password])
                let login = try await client.send(
                    HTTPRequest(
                        method: "POST", url: "https://127.0.0.1:\(port)/api/login", headers: [("Content-Type", "application/json")], body: body))
                #expect(login.status == 200)
                let cookie = login.header("Set-Cookie") ?? ""
                #expect(cookie.contains("Secure") && cookie.contains("HttpOnly"), "\(cookie)")
                // Plain HTTP on the same port gets no console.
                let plain = try? await ConsoleHTTPClient(baseURL: "http://127.0.0.1:\(port)").get("/api/session")
                #expect(plain == nil || plain?.status != 401)
            } catch {
                try? await web.stop()
                throw error
            }
            try await web.stop()
        }
    }
}
