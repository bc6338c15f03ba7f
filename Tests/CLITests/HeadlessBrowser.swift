import Foundation

/// Debian's Chromium, run headless to render a page to a PNG, with its console log on standard
/// error and every network request in a NetLog. `.ci/run` installs it (and python3, which decodes
/// the PNG with `scripts/png-stats.py`).
enum HeadlessBrowser {
    /// The browser, from `LOOKOUT_BROWSER` or the `PATH`.
    static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        if let p = env["LOOKOUT_BROWSER"], FileManager.default.isExecutableFile(atPath: p) { return p }
        return which(["chromium", "chromium-browser", "google-chrome"])
    }()

    /// Python 3, to decode screenshots.
    static let python: String? = which(["python3"])

    static var available: Bool { path != nil && python != nil }

    static func which(_ names: [String]) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        for n in names {
            for d in dirs where FileManager.default.isExecutableFile(atPath: d + "/" + n) { return d + "/" + n }
        }
        return nil
    }

    struct Rendering {
        let status: Int32
        /// Chromium's log (standard error).
        let log: String
        /// The screenshot.
        let png: URL
        /// URLs the page asked for (not Chromium's own background requests).
        let pageRequests: [String]
    }

    /// Renders `file` (HTML or SVG) at `width`x`height` into `directory`.
    static func render(_ file: URL, width: Int = 1400, height: Int = 1000, in directory: URL) throws -> Rendering {
        let png = directory.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".png")
        let netLog = directory.appendingPathComponent(file.lastPathComponent + ".netlog.json")
        let profile = directory.appendingPathComponent("profile-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--log-net-log=\(netLog.path)",
            "--screenshot=\(png.path)", "--window-size=\(width),\(height)", file.absoluteString,
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // A hung browser must not hang the suite.
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: deadline)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        deadline.cancel()
        return Rendering(status: process.terminationStatus, log: log, png: png, pageRequests: try pageRequests(netLog))
    }

    /// The URL requests in a NetLog that the page made: Chromium's own (update checks and the
    /// like, even with background networking off) have no origin; the page's have its `file://` origin.
    static func pageRequests(_ netLog: URL) throws -> [String] {
        var data = try Data(contentsOf: netLog)
        var object = try? JSONSerialization.jsonObject(with: data)
        if object == nil {
            // A log cut short (the browser was killed) lacks its closing brackets.
            while let last = data.last, last == 0x0A || last == 0x2C || last == 0x20 { data.removeLast() }
            object = try JSONSerialization.jsonObject(with: data + Data("]}".utf8))
        }
        guard let doc = object as? [String: Any], let constants = doc["constants"] as? [String: Any],
              let types = constants["logEventTypes"] as? [String: Int], let start = types["URL_REQUEST_START_JOB"],
              let events = doc["events"] as? [[String: Any]] else { return ["(unreadable NetLog)"] }
        return events.compactMap { e in
            guard e["type"] as? Int == start, let p = e["params"] as? [String: Any], let url = p["url"] as? String else { return nil }
            return p["initiator"] as? String == "not an origin" ? nil : url
        }
    }

    struct PixelCounts: Decodable {
        let width: Int
        let height: Int
        let non_white: Int
        let colours: [String: Int]
    }

    /// Decodes the screenshot: size, pixels that are not white, pixels near each colour.
    static func pixels(_ png: URL, colours: [String]) throws -> PixelCounts {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = [CommandRunner.repositoryRoot.appendingPathComponent("scripts/png-stats.py").path, png.path] + colours
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(PixelCounts.self, from: data)
    }
}
