import CSpawn
import Foundation

/// A child process of a test (a broker, a browser driver), spawned with posix_spawn: an empty
/// signal mask and default handling of the usual signals (the test process blocks
/// SIGTERM/SIGINT/SIGHUP/SIGUSR1 and `Foundation.Process` passes that mask on, so a child started
/// with it would ignore SIGTERM), standard input from /dev/null, and no other inherited
/// descriptor (a child holding the write end of a test's pipe would keep that pipe from ever
/// reaching end of file).
struct SpawnedProcess {
    let pid: pid_t
    /// Whether the child leads a process group of its own (its own children are then stopped
    /// with it).
    let ownGroup: Bool
    private var exited = false

    /// Starts `executable`. Standard output goes to `outputPath` (else /dev/null); standard error
    /// to `errorPath`, or with standard output when that is `nil`.
    init(executable: String, arguments: [String], outputPath: String?, errorPath: String?, ownGroup: Bool = false) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        cspawn_addclosefrom(&actions, 3)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        guard rc == 0 else { throw SpawnError("posix_spawn \(executable) failed: \(String(cString: strerror(rc)))") }
        self.pid = pid
        self.ownGroup = ownGroup
    }

    /// Whether the process still runs (reaps it once it has exited).
    mutating func isRunning() -> Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || result < 0 { exited = true }
        return !exited
    }

    /// Sends `signal` (to the whole group when it has its own) and waits up to 10 s for the
    /// exit, then uses SIGKILL.
    mutating func stop(signal: Int32) {
        if ownGroup { Foundation.kill(-pid, signal) }
        guard isRunning() else { return }
        Foundation.kill(pid, signal)
        let deadline = Date().addingTimeInterval(10)
        while isRunning() && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        if isRunning() {
            Foundation.kill(ownGroup ? -pid : pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exited = true
        }
    }

    /// `name` on `PATH` or in one of `folders`.
    static func findExecutable(_ name: String, also folders: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return (path.split(separator: ":").map(String.init) + folders).map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A child process could not be started.
struct SpawnError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
