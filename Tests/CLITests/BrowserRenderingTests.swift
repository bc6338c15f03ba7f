import Foundation
import Testing

/// The pictures in a real browser: each renders to a screenshot that is not blank and shows the
/// picture's colours, with no console message and no network request. Skipped only where no
/// headless Chromium can be installed (`.ci/run` installs Debian's `chromium` and `python3`).
@Suite(.serialized, .enabled(if: HeadlessBrowser.available,
                             "no headless Chromium or python3 on this machine (.ci/run installs Debian's chromium); the pictures were not rendered"))
struct BrowserRenderingTests {
    func check(_ file: URL, colour: String, in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try HeadlessBrowser.render(file, in: dir)
        #expect(r.status == 0, "\(r.log)", sourceLocation: sourceLocation)
        let console = r.log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        #expect(console.isEmpty, "console: \(console)", sourceLocation: sourceLocation)
        #expect(r.pageRequests.isEmpty, "the page asked for \(r.pageRequests)", sourceLocation: sourceLocation)
        let p = try HeadlessBrowser.pixels(r.png, colours: [colour])
        #expect(p.width == 1400 && p.height == 1000, sourceLocation: sourceLocation)
        // Not blank: a good share of the pixels are ink, and the picture's own colour is there.
        #expect(p.non_white > p.width * p.height / 50, "\(p)", sourceLocation: sourceLocation)
        #expect(p.colours[colour, default: 0] > 2_000, "\(p)", sourceLocation: sourceLocation)
    }

    @Test func theTimelinePageAndImageRender() throws {
        let dir = try TemporaryDirectory()
        for format in ["html", "svg"] {
            let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml", "--from", "2026-10-24T00:00:00+02:00",
                                           "--to", "2026-11-02T00:00:00+01:00", "--output", format])
            #expect(r.status == 0, "\(r.stderr)")
            let file = URL(fileURLWithPath: try dir.write("windows.\(format)", r.stdout))
            try check(file, colour: "#0072B2", in: dir.url)  // the hosted bars
        }
    }

    @Test func theAuditPageRenders() throws {
        let dir = try TemporaryDirectory()
        let demo = try CommandRunner.run(["demo", "--directory", dir.url.path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let r = try CommandRunner.run(["audit", "--log", dir.url.appendingPathComponent("audit.jsonl").path, "--output", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        let file = URL(fileURLWithPath: try dir.write("audit.html", r.stdout))
        try check(file, colour: "#0072B2", in: dir.url)  // the stops per hour
    }
}
