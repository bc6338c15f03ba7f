import Foundation
import Testing

/// Issue 18: the Kubernetes CronJob example works on its second run. The kubelet's fsGroup
/// handling is simulated on a real directory, as kubelet's pkg/volume/volume_linux.go does it at
/// every mount (`SetVolumeOwnership`): unless `fsGroupChangePolicy: OnRootMismatch` finds the root
/// already right, every entry, deepest first, gets the fsGroup as its group (`lchown`), and all but
/// symbolic links get `mode | 0660` (directories also setgid and 0110).
@Suite(.serialized) struct KubernetesVolumeTests {
    enum Policy: String { case always = "Always", onRootMismatch = "OnRootMismatch" }

    /// What the kubelet does to a read-write volume before the container starts.
    static func mount(_ root: String, fsGroup: gid_t, policy: Policy) throws {
        var st = stat()
        if policy == .onRootMismatch, stat(root, &st) == 0, st.st_gid == fsGroup, st.st_mode & S_IFMT == S_IFDIR,
           st.st_mode & 0o770 == 0o770, st.st_mode & S_ISGID != 0 {
            return  // requiresPermissionChange is false: nothing is touched
        }
        func change(_ path: String) throws {
            var st = stat()
            guard lstat(path, &st) == 0 else { throw CocoaError(.fileReadUnknown) }
            if st.st_mode & S_IFMT == S_IFDIR {
                for name in try FileManager.default.contentsOfDirectory(atPath: path) { try change(path + "/" + name) }
            }
            #expect(lchown(path, st.st_uid, fsGroup) == 0)
            guard st.st_mode & S_IFMT != S_IFLNK else { return }
            let mask: mode_t = st.st_mode & S_IFMT == S_IFDIR ? 0o660 | S_ISGID | 0o110 : 0o660
            #expect(chmod(path, (st.st_mode & 0o7777) | mask) == 0)
        }
        try change(root)
    }

    /// The example's securityContext, read from the file itself.
    static func example() throws -> (args: [String], fsGroup: gid_t, policy: Policy) {
        let text = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("examples/kubernetes-cronjob.yaml"), encoding: .utf8)
        func value(_ key: String) -> String? {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix(key + ":") }.map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        let args = try #require(value("args")).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            .split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
        let group = try #require(value("fsGroup").flatMap { gid_t($0) })
        let policy = value("fsGroupChangePolicy").flatMap { Policy(rawValue: $0) } ?? .always
        return (args, group, policy)
    }

    @Test func theCronJobExampleRunsAgainOnItsVolume() throws {
        let s = try RunSetup()
        let (args, exampleGroup, policy) = try Self.example()
        #expect(policy == .onRootMismatch)
        // As root the volume gets the example's group; otherwise one of this user's own.
        let fsGroup = getuid() == 0 ? exampleGroup : getegid()
        let volume = s.dir.url.appendingPathComponent("state").path
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let command = args.map {
            $0.replacingOccurrences(of: "/config/rules.yaml", with: s.rules).replacingOccurrences(of: "/state/", with: volume + "/")
        } + ["--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint, "--requests-per-second", "0"]
        let log = volume + "/audit.jsonl"
        #expect(command.contains(log))
        for run in 1...3 {
            try Self.mount(volume, fsGroup: fsGroup, policy: policy)
            let r = try CommandRunner.run(command, environment: s.emulator.environment(home: s.dir.url.path))
            #expect(r.status == 0, "run \(run): \(r.stderr)")
        }
        // Owner-only files in a setgid volume of the fsGroup: the rule is kept, not loosened.
        for file in [log, log + ".anchor", log + ".lock"] {
            var st = stat()
            #expect(stat(file, &st) == 0 && st.st_mode & 0o077 == 0 && st.st_gid == fsGroup, "\(file)")
        }
        #expect(try CommandRunner.run(["audit", "--verify", "--log", log]).status == 0)

        // Without the policy (the kubelet's default, Always), the next mount makes the log
        // group-writable and the run refuses it, exit 2, with the log kept as it was.
        let before = FileManager.default.contents(atPath: log)
        try Self.mount(volume, fsGroup: fsGroup, policy: .always)
        let refused = try CommandRunner.run(command, environment: s.emulator.environment(home: s.dir.url.path))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: the audit log \(log) is writable by group or others (mode 660)"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: log) == before)
    }
}
