import Contract
import Foundation
import HTTPTransport
import StackSupport
import TestSupport
import Testing

/// `pb-web`'s HTTP API against the real system: broker, simulator, collector, scoring, executor.
@Suite("Console API", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ConsoleAPITests {
    /// Polls `/api/state` until `predicate` holds for the demo cluster's view (`homelab`) (deadline 60 s).
    static func waitForCluster(
        _ client: ConsoleHTTPClient, within seconds: TimeInterval = 60, _ predicate: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String: Any] = [:]
        while Date() < deadline {
            let state = ConsoleHTTPClient.object(try await client.get("/api/state"))
            last = ((state["clusters"] as? [String: Any])?["homelab"] as? [String: Any]) ?? [:]
            if predicate(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the console's state never satisfied the condition; last: \(String(describing: last).prefix(600))")
        throw ConsoleStackError("timed out")
    }

    static func firstRecommendation(_ cluster: [String: Any]) -> [String: Any]? {
        ((cluster["recommendations"] as? [String: Any])?["recommendations"] as? [[String: Any]])?.first
    }

    @Test("a logged-in page gets the cluster's state, then every change on its event stream", .timeLimit(.minutes(2)))
    func stateAndEvents() async throws {
        try await ConsoleStack.run(executor: false) { stack in
            let alice = try await stack.client()
            let cluster = try await Self.waitForCluster(alice) {
                (($0["snapshot"] as? [String: Any])?["nodes"] as? [Any])?.count == 4
            }
            #expect((cluster["availability"] as? [String: String])?["scoring"] == "online")
            let stream = try EventStreamReader(port: stack.port, path: "/api/events", cookie: alice.sessionCookie)
            defer { stream.close() }
            #expect(stream.status == 200)
            let first = try #require(try stream.next())
            #expect(first.name == "state")
            #expect(first.data.contains("\"user\":\"alice\""))
            // The collector publishes every 2 s: a new snapshot arrives as an update.
            let update = try #require(try stream.next("update") { $0.contains("\"part\":\"snapshot\"") })
            #expect(update.data.hasPrefix("{\"cluster\":\"homelab\""))

            // Without a session, neither the state nor the stream is served.
            let anonymous = ConsoleHTTPClient(baseURL: stack.baseURL)
            #expect(try await anonymous.get("/api/state").status == 401)
            let refused = try EventStreamReader(port: stack.port, path: "/api/events", cookie: "forged")
            defer { refused.close() }
            #expect(refused.status == 401)
        }
    }

    @Test("no secret reaches the browser: notifier settings are redacted; pages carry a CSP without inline script", .timeLimit(.minutes(2)))
    func secretsAndHeaders() async throws {
        try await ConsoleStack.run(executor: false) { stack in
            let alice = try await stack.client()
            let cluster = try await Self.waitForCluster(alice) { ($0["settings"] as? [String: Any])?["notifier"] != nil }
            let notifier = try JSONSerialization.data(withJSONObject: (cluster["settings"] as? [String: Any])?["notifier"] ?? [:])
            #expect(String(decoding: notifier, as: UTF8.self).contains("ops-hook"), "the destination is shown")
            let state = try await alice.get("/api/state")
            #expect(!String(decoding: state.body, as: UTF8.self).contains(ConsoleStack.notifierSecret))
            #expect(!String(decoding: state.body, as: UTF8.self).contains("$2b$"), "no password hash")

            let page = try await ConsoleHTTPClient(baseURL: stack.baseURL).get("/")
            #expect(page.status == 200)
            let policy = page.header("Content-Security-Policy") ?? ""
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(policy)")
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            let login = try await ConsoleHTTPClient(baseURL: stack.baseURL).login("alice", ConsoleStack.password)
            let cookie = login.header("Set-Cookie") ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), "\(cookie)")
        }
    }

    @Test("logins: a wrong password is refused, the sixth failure within a minute is throttled", .timeLimit(.minutes(2)))
    func loginThrottle() async throws {
        try await ConsoleStack.run(executor: false) { stack in
            let client = ConsoleHTTPClient(baseURL: stack.baseURL)
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await client.login("alice", "wrong-password").status) }
            #expect(statuses == [401, 401, 401, 401, 401, 429])
            let throttled = try await client.login("alice", ConsoleStack.password)
            #expect(throttled.status == 429, "even the right password waits once throttled")
            #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 > 0)
            // Another account from the same address is throttled too (the address is counted).
            #expect(try await client.login("victor", ConsoleStack.password).status == 429)
        }
    }

    @Test("CSRF and roles: no token is refused, a viewer may ask why but not migrate", .timeLimit(.minutes(2)))
    func csrfAndRoles() async throws {
        try await ConsoleStack.run(executor: false) { stack in
            let alice = try await stack.client()
            let cluster = try await Self.waitForCluster(alice) { Self.firstRecommendation($0) != nil }
            let vmid = try #require(Self.firstRecommendation(cluster)?["vmid"] as? Int)

            let noToken = try await alice.post("/api/clusters/homelab/executor/request/migrate", json: ["vmid": vmid], csrf: false)
            #expect(noToken.status == 403)
            #expect((ConsoleHTTPClient.object(noToken)["error"] as? [String: Any])?["code"] as? String == "csrf")

            let victor = try await stack.client("victor")
            let why = try await victor.post("/api/clusters/homelab/scoring/request/why", json: ["vmid": vmid])
            #expect(why.status == 200)
            let answer = (ConsoleHTTPClient.object(why)["result"] as? [String: Any])?["answer"] as? String
            #expect(answer?.contains("\(vmid)") == true, "\(String(decoding: why.body, as: UTF8.self))")
            let forged = try await victor.post("/api/clusters/homelab/executor/request/migrate", json: ["vmid": vmid])
            #expect(forged.status == 403)
            #expect((ConsoleHTTPClient.object(forged)["error"] as? [String: Any])?["code"] as? String == "forbidden")
            let maintenance = try await victor.post("/api/clusters/homelab/nodes/pve4/maintenance", json: ["enabled": true])
            #expect(maintenance.status == 403)

            // An operation the console does not forward, and a cluster it has not seen.
            #expect(try await alice.post("/api/clusters/homelab/executor/request/drop_tables").status == 404)
            #expect(try await alice.post("/api/clusters/nowhere/scoring/request/why", json: ["vmid": vmid]).status == 404)
        }
    }

    @Test("a refused setting answers the service's error naming the field, and nothing changes", .timeLimit(.minutes(2)))
    func refusedSetting() async throws {
        try await ConsoleStack.run(executor: false) { stack in
            let alice = try await stack.client()
            _ = try await Self.waitForCluster(alice) { ($0["settings"] as? [String: Any])?["scoring"] != nil }
            let refused = try await alice.post("/api/clusters/homelab/scoring/settings", json: ["penalties": ["cpu_threshold": 150]])
            #expect(refused.status == 422)
            let message = (ConsoleHTTPClient.object(refused)["error"] as? [String: Any])?["message"] as? String
            #expect(message?.hasPrefix("penalties.cpu_threshold") == true, "\(message ?? "no message")")
            let accepted = try await alice.post("/api/clusters/homelab/scoring/settings", json: ["penalties": ["cpu_threshold": 55]])
            #expect(accepted.status == 200)
            _ = try await Self.waitForCluster(alice) {
                let penalties = (($0["settings"] as? [String: Any])?["scoring"] as? [String: Any])?["penalties"] as? [String: Any]
                return (penalties?["cpu_threshold"] as? Double) == 55
            }
        }
    }

    @Test("an operator's migration runs to completed in the console's state; maintenance shows the evacuation", .timeLimit(.minutes(3)))
    func migrateAndMaintenance() async throws {
        try await ConsoleStack.run { stack in
            let alice = try await stack.client()
            let cluster = try await Self.waitForCluster(alice) { Self.firstRecommendation($0) != nil }
            let recommendation = try #require(Self.firstRecommendation(cluster))
            let vmid = try #require(recommendation["vmid"] as? Int)
            let target = try #require(recommendation["target"] as? String)

            let answer = try await alice.post("/api/clusters/homelab/executor/request/migrate", json: ["vmid": vmid])
            #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
            let id = try #require((ConsoleHTTPClient.object(answer)["result"] as? [String: Any])?["id"] as? String)
            let done = try await Self.waitForCluster(alice, within: 90) {
                let state = (($0["migrations"] as? [String: Any])?[id] as? [String: Any])?["state"] as? String
                return state == "completed" || state == "failed" || state == "skipped"
            }
            let migration = try #require((done["migrations"] as? [String: Any])?[id] as? [String: Any])
            #expect(migration["state"] as? String == "completed", "\(migration["error"] ?? "")")
            #expect(migration["requested_by"] as? String == "web:alice", "the executor records who asked")
            // Its Proxmox task log, read by a viewer through the console.
            let victor = try await stack.client("victor")
            let log = try await victor.post("/api/clusters/homelab/executor/request/task_log", json: ["migration_id": id])
            #expect(log.status == 200, "\(String(decoding: log.body, as: UTF8.self))")
            let lines = (ConsoleHTTPClient.object(log)["result"] as? [String: Any])?["lines"] as? [String] ?? []
            #expect(lines.contains { $0.contains("TASK OK") }, "\(lines.suffix(3))")
            _ = try await Self.waitForCluster(alice) { view in
                let guests = ((view["snapshot"] as? [String: Any])?["guests"] as? [[String: Any]]) ?? []
                return guests.contains { $0["vmid"] as? Int == vmid && $0["node"] as? String == target }
            }

            let on = try await alice.post("/api/clusters/homelab/nodes/pve6/maintenance", json: ["enabled": true])
            #expect(on.status == 200, "\(String(decoding: on.body, as: UTF8.self))")
            let planned = try await Self.waitForCluster(alice) { view in
                let moves = ((view["recommendations"] as? [String: Any])?["recommendations"] as? [[String: Any]]) ?? []
                return moves.contains { $0["source"] as? String == "pve6" && $0["kind"] as? String == "maintenance_evacuation" }
            }
            #expect(((planned["maintenance"] as? [String: Any])?["nodes"] as? [String])?.contains("pve6") == true)
            #expect(try await alice.post("/api/clusters/homelab/nodes/pve6/maintenance", json: ["enabled": "yes"]).status == 400)
        }
    }
}
