import Foundation

/// Checks Home Assistant MQTT discovery configs the way Home Assistant would take them: required
/// keys per platform, allowed `device_class` / `state_class` / unit combinations, unique ids,
/// topics under the base topic, and every template rendered (python3 with jinja2, as Home
/// Assistant renders them) against the payloads really published on its topic. The result is a
/// list of problems, each naming the component; empty when every config is valid.
public struct HADiscoveryCheck {
    /// Platforms and the keys each needs (besides `p` and `unique_id`).
    static let requiredKeys: [String: [String]] = [
        "sensor": ["state_topic"], "binary_sensor": ["state_topic"], "switch": ["command_topic"], "button": ["command_topic"],
        "number": ["command_topic"], "event": ["state_topic", "event_types"], "select": ["command_topic", "options"],
    ]
    /// Sensor device classes in use and the units Home Assistant allows with them (`nil`: none).
    static let sensorDeviceClasses: [String: Set<String?>] = [
        "timestamp": [nil], "duration": ["s", "min", "h", "d"], "data_size": ["B", "kB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"],
        "battery": ["%"], "humidity": ["%"], "power_factor": ["%"], "moisture": ["%"], "enum": [nil],
    ]
    static let binaryDeviceClasses: Set<String> = [
        "battery", "battery_charging", "connectivity", "moving", "occupancy", "plug", "power", "presence", "problem", "running",
        "safety", "update",
    ]
    static let numberDeviceClasses: Set<String> = ["power_factor", "duration", "data_size"]
    static let stateClasses: Set<String> = ["measurement", "total", "total_increasing"]

    /// Discovery configs by topic (an empty payload is a cleared config and is skipped).
    public var configs: [String: Data]
    /// Every payload seen per topic, cleared (empty) retained ones included.
    public var payloads: [String: [Data]]
    /// The base topic every state and command topic must be under.
    public var base: String
    /// The time templates see as `now()`.
    public var now: Date

    public init(configs: [String: Data], payloads: [String: [Data]], base: String, now: Date = Date()) {
        self.configs = configs
        self.payloads = payloads
        self.base = base
        self.now = now
    }

    /// A rendering job: `template` with `payload` as `value` / `value_json`.
    struct Job: Encodable {
        var template: String
        var payload: String
        /// `this.state`, for templates that keep the entity's state.
        var this = "unknown"
    }

    /// What a rendered template must be to count as valid.
    enum Expectation {
        case number, timestamp, text, binary(on: String, off: String), event(types: [String]), availability, jsonObject, json
        case option(of: [String])
    }

    /// Every problem found; templates whose topic never carried a payload are listed by `unrendered`.
    public func problems() throws -> [String] {
        var problems: [String] = []
        var ids: Set<String> = []
        var jobs: [(job: Job, what: String, expect: Expectation)] = []
        for (topic, data) in configs.sorted(by: { $0.key < $1.key }) where !data.isEmpty {
            guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                problems.append("\(topic): not a JSON object")
                continue
            }
            guard let device = root["dev"] as? [String: Any], device["ids"] != nil || device["identifiers"] != nil,
                let origin = root["o"] as? [String: Any], origin["name"] is String,
                let components = root["cmps"] as? [String: [String: Any]], !components.isEmpty
            else {
                problems.append("\(topic): needs dev (with ids), o (with name) and cmps")
                continue
            }
            for (key, own) in components.sorted(by: { $0.key < $1.key }) {
                // Shared root options apply where the component sets none.
                var component = own
                for shared in ["state_topic", "availability_topic", "availability", "availability_mode"] where component[shared] == nil {
                    if let value = root[shared] { component[shared] = value }
                }
                let name = "\(topic) \(key)"
                problems += Self.keyProblems(component, name: name, base: base, ids: &ids)
                jobs += renderJobs(component, name: name)
            }
        }
        let outcomes = try Self.render(jobs.map(\.job), now: now)
        for (index, outcome) in outcomes.enumerated() {
            let (job, what, expect) = jobs[index]
            switch outcome {
            case .failure(let error):
                problems.append("\(what): \(error) (payload \(job.payload.prefix(80)))")
            case .success(let output):
                if let problem = Self.problem(output, expect) {
                    problems.append("\(what): \(problem) (rendered '\(output.prefix(80))' from \(job.payload.prefix(80)))")
                }
            }
        }
        return problems
    }

    /// Key rules of one component.
    static func keyProblems(_ component: [String: Any], name: String, base: String, ids: inout Set<String>) -> [String] {
        var problems: [String] = []
        guard let platform = component["p"] as? String, let required = requiredKeys[platform] else {
            return ["\(name): unknown platform \(component["p"] ?? "none")"]
        }
        if let id = component["unique_id"] as? String, !id.isEmpty {
            if !ids.insert(id).inserted { problems.append("\(name): unique_id \(id) used twice") }
        } else {
            problems.append("\(name): no unique_id")
        }
        for key in required where component[key] == nil { problems.append("\(name): \(platform) needs \(key)") }
        for key in ["state_topic", "command_topic", "json_attributes_topic", "availability_topic"] {
            if let topic = component[key] as? String, !topic.hasPrefix(base + "/") {
                problems.append("\(name): \(key) \(topic) is not under \(base)/")
            }
        }
        let availability = component["availability"] as? [[String: Any]] ?? []
        for item in availability {
            if let topic = item["topic"] as? String, !topic.hasPrefix(base + "/") {
                problems.append("\(name): availability \(topic) is not under \(base)/")
            }
        }
        if component["availability"] != nil && component["availability_topic"] != nil {
            problems.append("\(name): availability and availability_topic exclude each other")
        }
        if let mode = component["availability_mode"] as? String, !["all", "any", "latest"].contains(mode) {
            problems.append("\(name): availability_mode \(mode)")
        }
        let deviceClass = component["device_class"] as? String
        let unit = component["unit_of_measurement"] as? String
        let stateClass = component["state_class"] as? String
        if let stateClass, platform != "sensor" || !stateClasses.contains(stateClass) { problems.append("\(name): state_class \(stateClass)") }
        switch platform {
        case "sensor":
            if let deviceClass {
                if let units = sensorDeviceClasses[deviceClass] {
                    if !units.contains(unit) { problems.append("\(name): unit \(unit ?? "none") with device_class \(deviceClass)") }
                    if deviceClass == "timestamp" || deviceClass == "enum", stateClass != nil {
                        problems.append("\(name): a \(deviceClass) sensor takes no state_class")
                    }
                } else {
                    problems.append("\(name): sensor device_class \(deviceClass)")
                }
            }
            if stateClass == nil, component["suggested_display_precision"] != nil, deviceClass == nil, unit == nil {
                problems.append("\(name): suggested_display_precision on a text sensor")
            }
        case "binary_sensor":
            if let deviceClass, !binaryDeviceClasses.contains(deviceClass) { problems.append("\(name): binary_sensor device_class \(deviceClass)") }
        case "number":
            if let deviceClass, !numberDeviceClasses.contains(deviceClass) { problems.append("\(name): number device_class \(deviceClass)") }
            guard let min = component["min"] as? Double, let max = component["max"] as? Double, min < max else {
                problems.append("\(name): a number needs min < max")
                break
            }
        case "event":
            if (component["event_types"] as? [String])?.isEmpty != false { problems.append("\(name): an event needs event_types") }
        case "select":
            if (component["options"] as? [String])?.isEmpty != false { problems.append("\(name): a select needs options") }
        default: break
        }
        if platform != "sensor", platform != "number", unit != nil { problems.append("\(name): \(platform) takes no unit_of_measurement") }
        if let category = component["entity_category"] as? String {
            if !["config", "diagnostic"].contains(category) { problems.append("\(name): entity_category \(category)") }
            if category == "config", ["sensor", "binary_sensor", "event"].contains(platform) {
                problems.append("\(name): a \(platform) cannot be a config entity")
            }
        }
        if component["expire_after"] != nil, !["sensor", "binary_sensor"].contains(platform) {
            problems.append("\(name): \(platform) takes no expire_after")
        }
        if component["suggested_display_precision"] != nil, platform != "sensor" {
            problems.append("\(name): \(platform) takes no suggested_display_precision")
        }
        return problems
    }

    /// The templates of one component, each with every payload of its topic.
    func renderJobs(_ component: [String: Any], name: String) -> [(job: Job, what: String, expect: Expectation)] {
        var jobs: [(job: Job, what: String, expect: Expectation)] = []
        func add(_ template: String?, topic: String?, what: String, expect: Expectation) {
            guard let template, let topic else { return }
            for payload in seen(on: topic) {
                jobs.append((Job(template: template, payload: String(decoding: payload, as: UTF8.self)), "\(name) \(what)", expect))
            }
        }
        let platform = component["p"] as? String ?? ""
        let stateTopic = component["state_topic"] as? String
        let value = component["value_template"] as? String
        switch platform {
        case "sensor":
            let numeric = component["state_class"] != nil || component["unit_of_measurement"] != nil
            let timestamp = component["device_class"] as? String == "timestamp"
            add(value, topic: stateTopic, what: "value_template", expect: timestamp ? .timestamp : numeric ? .number : .text)
        case "binary_sensor":
            add(
                value, topic: stateTopic, what: "value_template",
                expect: .binary(on: component["payload_on"] as? String ?? "ON", off: component["payload_off"] as? String ?? "OFF"))
        case "switch":
            add(
                value, topic: stateTopic, what: "value_template",
                expect: .binary(on: component["state_on"] as? String ?? "ON", off: component["state_off"] as? String ?? "OFF"))
        case "number":
            add(value, topic: stateTopic, what: "value_template", expect: .number)
        case "event":
            add(value, topic: stateTopic, what: "value_template", expect: .event(types: component["event_types"] as? [String] ?? []))
        case "select":
            let options = component["options"] as? [String] ?? []
            add(value, topic: stateTopic, what: "value_template", expect: .option(of: options))
            if let template = component["command_template"] as? String, let first = options.first {
                jobs.append((Job(template: template, payload: first), "\(name) command_template", .json))
            }
        case "button":
            if let template = component["command_template"] as? String {
                let press = component["payload_press"] as? String ?? "PRESS"
                jobs.append((Job(template: template, payload: press), "\(name) command_template", .json))
            }
        default: break
        }
        if platform == "number", let template = component["command_template"] as? String {
            jobs.append((Job(template: template, payload: "42"), "\(name) command_template", .json))
        }
        add(
            component["json_attributes_template"] as? String, topic: component["json_attributes_topic"] as? String,
            what: "json_attributes_template", expect: .jsonObject)
        for item in component["availability"] as? [[String: Any]] ?? [] {
            add(item["value_template"] as? String, topic: item["topic"] as? String, what: "availability template", expect: .availability)
        }
        return jobs
    }

    /// The payloads published on `topic` (a filter with `+` matches one level).
    func seen(on topic: String) -> [Data] {
        guard topic.contains("+") else { return payloads[topic] ?? [] }
        let pattern = topic.split(separator: "/", omittingEmptySubsequences: false)
        return payloads.filter { candidate, _ in
            let levels = candidate.split(separator: "/", omittingEmptySubsequences: false)
            return levels.count == pattern.count && zip(levels, pattern).allSatisfy { $1 == "+" || $0 == $1 }
        }
        .sorted { $0.key < $1.key }.flatMap(\.value)
    }

    /// Why `output` is not a valid state for `expect`, or `nil`.
    static func problem(_ output: String, _ expect: Expectation) -> String? {
        let value = output.trimmingCharacters(in: .whitespacesAndNewlines)
        switch expect {
        case .number:
            return value == "None" || Double(value) != nil ? nil : "not a number or None"
        case .timestamp:
            if value == "None" { return nil }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            let fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: value) != nil || fractional.date(from: value) != nil ? nil : "not a timestamp with a time zone"
        case .text:
            return value.count <= 255 ? nil : "longer than 255 characters"
        case .binary(let on, let off):
            return [on, off, "None"].contains(value) ? nil : "neither \(on) nor \(off)"
        case .option(let options):
            return options.contains(value) || value == "None" ? nil : "not one of \(options)"
        case .availability:
            return ["online", "offline"].contains(value) ? nil : "neither online nor offline"
        case .event(let types):
            if value.isEmpty { return nil }  // ignored by Home Assistant
            guard let object = (try? JSONSerialization.jsonObject(with: Data(value.utf8))) as? [String: Any],
                let type = object["event_type"] as? String
            else { return "not a JSON object with event_type" }
            return types.contains(type) ? nil : "event_type \(type) not in \(types)"
        case .jsonObject:
            return (try? JSONSerialization.jsonObject(with: Data(value.utf8))) is [String: Any] ? nil : "not a JSON object"
        case .json:
            return (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)) != nil ? nil : "not JSON"
        }
    }

    /// `template` rendered as Home Assistant would for `payload` at `now`.
    public static func render(_ template: String, payload: Data, now: Date = Date()) throws -> String {
        guard case .success(let output)? = try render([Job(template: template, payload: String(decoding: payload, as: UTF8.self))], now: now).first
        else { throw CheckError("'\(template)' did not render") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether python3 with jinja2 is installed (the renderer).
    public static var isAvailable: Bool {
        guard let python = try? python3() else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import jinja2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func python3() throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/python3") {
            return folder + "/python3"
        }
        throw CheckError("python3 not found")
    }

    struct CheckError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Renders every job in one python3 run, in a sandboxed jinja2 environment with what Home
    /// Assistant's MQTT templates have: `value`, `value_json` (when the payload is JSON), `this`,
    /// `now()` and `as_datetime()`. An exception is the job's failure.
    static func render(_ jobs: [Job], now: Date) throws -> [Result<String, CheckError>] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ha-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("jobs.json")
        let output = directory.appendingPathComponent("out.json")
        let formatter = ISO8601DateFormatter()
        try JSONSerialization.data(withJSONObject: [
            "now": formatter.string(from: now),
            "jobs": try jobs.map { try JSONSerialization.jsonObject(with: JSONEncoder().encode($0)) },
        ])
        .write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python3())
        process.arguments = ["-c", renderer, input.path, output.path]
        let errors = directory.appendingPathComponent("err.txt")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckError("the renderer failed: \(String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))")
        }
        guard let results = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: String]] else {
            throw CheckError("the renderer's output is not a list")
        }
        return results.map { result in
            if let error = result["error"] { return .failure(CheckError(error)) }
            return .success(result["out"] ?? "")
        }
    }

    static let renderer = """
        import json, sys
        from datetime import datetime, timezone
        from jinja2.sandbox import ImmutableSandboxedEnvironment
        data = json.load(open(sys.argv[1]))
        now = datetime.fromisoformat(data["now"].replace("Z", "+00:00"))
        env = ImmutableSandboxedEnvironment()
        env.globals["now"] = lambda: now
        env.globals["as_datetime"] = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))
        class This:
            def __init__(self, state): self.state = state
        out = []
        for job in data["jobs"]:
            variables = {"value": job["payload"], "this": This(job["this"])}
            try:
                variables["value_json"] = json.loads(job["payload"])
            except ValueError:
                pass
            try:
                out.append({"out": env.from_string(job["template"]).render(**variables)})
            except Exception as error:
                out.append({"error": type(error).__name__ + ": " + str(error)})
        json.dump(out, open(sys.argv[2], "w"))
        """
}
