import Foundation
import Testing

@Suite struct PicturesCommandTests {
    @Test(arguments: [
        (["run", "--rules", "schedules/example.yaml", "--output", "html"], "Error: --output html is not supported by run; use text or json\n"),
        (["explain", "--rules", "schedules/example.yaml", "--project", "p", "--version", "1", "--output", "svg"],
         "Error: --output svg is not supported by explain; use text or json\n"),
        (["models", "--output", "html"], "Error: --output html is not supported by models; use text or json\n"),
        (["audit", "--log", "/dev/null", "--output", "svg"], "Error: --output svg is not supported by audit; use text, json, html or csv\n"),
        (["audit", "--log", "/dev/null", "--list", "--output", "html"],
         "Error: --list cannot be used with --output html; the page shows totals (use --list with text or json)\n"),
    ])
    func aCommandRefusesAFormatItCannotWrite(arguments: [String], message: String) throws {
        let r = try CommandRunner.run(arguments)
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix(message), "\(r.stderr)")
    }

    @Test func windowsWritesAnSVGImage() throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml", "--from", "2026-12-21T00:00:00+01:00",
                                       "--to", "2026-12-28T00:00:00+01:00", "--output", "svg"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ls-chart\" width=\"1280\""))
        #expect(r.stdout.hasSuffix("</svg>\n"))
        #expect(r.stdout.contains("<title id=\"ls-title\">Hosting timeline of schedules/example.yaml</title>"))
        #expect(r.stdout.contains("Thu 2026-12-24 in Europe/Berlin: 24 h; holiday: no window opens"))
    }

    @Test func windowsDrawsTheOneRuleOfAModel() throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml", "--from", "2026-11-30T00:00:00+01:00",
                                       "--to", "2026-12-07T00:00:00+01:00", "--project", "pcb-inspection", "--version", "3", "--output", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(r.stdout.contains("<h1>Hosting timeline of pcb-inspection version 3</h1>"))
        #expect(r.stdout.components(separatedBy: "<g role=\"listitem\" aria-label=\"rule ").count - 1 == 1)
    }

    @Test func windowsNamesTheHolidaysOfAHolidayFile() throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/advanced.yaml", "--from", "2027-03-22T00:00:00+01:00",
                                       "--to", "2027-03-30T00:00:00+02:00", "--output", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("holiday Good Friday: no window opens"))
        #expect(r.stdout.contains("holiday Easter Monday: no window opens"))
        #expect(r.stdout.contains("Sun 2027-03-28 in Europe/Berlin: 23 h (the clocks change +1 h, +01:00 to +02:00)"))
    }

    @Test func auditWritesAPageOfTheDemosLog() throws {
        let dir = try TemporaryDirectory()
        let demo = try CommandRunner.run(["demo", "--directory", dir.url.path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let log = dir.url.appendingPathComponent("audit.jsonl").path
        let r = try CommandRunner.run(["audit", "--log", log, "--output", "html", "--verify"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("<div class=\"value status-ok\">intact</div><div class=\"label\">hash chain: 61 records verified</div>"))  // 58, and the demo runs' 3 `events` records
        #expect(r.stdout.contains("<h2>Stops per hour</h2>"))
        #expect(r.stdout.contains("<div class=\"value \">10</div><div class=\"label\">stops</div>"))
        #expect(r.stdout.contains("<td class=\"mono\">eu-west-1/finance-audit/1</td><td class=\"num\">2</td>"))
        // The same figure as the text summary's.
        let text = try CommandRunner.run(["audit", "--log", log])
        #expect(text.stdout.contains("realized savings: 30.5 unit-hours of inference units and SageMaker copies, 111.64 (projected: 789.5, 3147.64)"))
        #expect(r.stdout.contains("<div class=\"value \">111.64</div><div class=\"label\">realized savings (30.5 unit-hours of inference units and SageMaker copies)</div>"))
        #expect(r.stdout.contains("<div class=\"value \">3,147.64</div><div class=\"label\">projected savings (789.5 unit-hours of inference units and SageMaker copies)</div>"))
        // The page's verdict is --verify's: with the log's tail cut off, the anchor no longer matches.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.dropLast(2).joined(separator: "\n") + "\n").write(toFile: log, atomically: false, encoding: .utf8)
        let cut = try CommandRunner.run(["audit", "--log", log, "--output", "html", "--verify"])
        #expect(cut.status == 1)
        #expect(cut.stdout.contains("<div class=\"value status-broken\">FAILED</div>"))
        #expect(try CommandRunner.run(["audit", "--log", log, "--verify"]).status == 1)
    }
}
