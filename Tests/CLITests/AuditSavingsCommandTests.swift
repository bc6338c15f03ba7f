import Foundation
import Testing

/// `audit`'s realized and projected savings, `--from`/`--to` and `--by`, through the built binary
/// on logs crafted to take each branch of both definitions (README, "Savings").
@Suite struct AuditSavingsCommandTests {
    static func record(_ type: String, run: String, at: String, _ fields: String = "") -> String {
        "{\"type\":\"\(type)\",\"run_id\":\"\(run)\",\"seq\":0,\"time\":\"\(at)\",\"eval_time\":\"\(at)\"\(fields)}"
    }

    static func decision(_ project: String, run: String, at: String, decision: String = "stop", outcome: String? = "stopped",
                         state: String = "hosted", next: String? = nil, units: Int = 1, price: Double? = 4, extra: String = "") -> String {
        var f = ",\"region\":\"eu-west-1\",\"project\":\"\(project)\",\"version\":\"1\",\"status_before\":\"\(state == "hosted" ? "HOSTED" : "TRAINED")\""
        f += ",\"state_before\":\"\(state)\",\"decision\":\"\(decision)\",\"reason\":\"r\",\"inference_units\":\(units)"
        if let outcome { f += ",\"outcome\":\"\(outcome)\"" }
        if let next { f += ",\"next_window\":\"\(next)\"" }
        if let price { f += ",\"price_per_iu_hour\":\(price)" }
        return record("decision", run: run, at: at, f + extra)
    }

    /// The branches, all stopped at 05:00 on Monday 2026-11-02 (price 4 unless said):
    /// - a: window opens on 30 November, but the 10:00 run saw it hosted again: 5 h in both;
    /// - b: window opens at 08:00, never seen again: 3 h in both;
    /// - c: a month-end model (window opens 2026-11-30T08:00, 675 h away) never seen again; the log
    ///   ends at 20:30: realized 15.5 h, projected 675 h; in account prod;
    /// - d: unconfirmed, 2 units, window at 09:00: 8 IU-h in both;
    /// - e: failed: no saving; f: price 0: a stop that saves nothing;
    /// - g: Rekognition, price 2, window on 3 November, started again by the 20:30 run: 15.5 h.
    static let branchesLog = [
        record("run-start", run: "r1", at: "2026-11-02T05:00:00Z"),
        decision("a", run: "r1", at: "2026-11-02T05:00:00Z", next: "2026-11-30T08:00:00Z"),
        decision("b", run: "r1", at: "2026-11-02T05:00:00Z", next: "2026-11-02T08:00:00Z"),
        decision("c", run: "r1", at: "2026-11-02T05:00:00Z", next: "2026-11-30T08:00:00Z",
                 extra: ",\"account_name\":\"prod\",\"account_id\":\"123456789012\""),
        decision("d", run: "r1", at: "2026-11-02T05:00:00Z", outcome: "unconfirmed", next: "2026-11-02T09:00:00Z", units: 2),
        decision("e", run: "r1", at: "2026-11-02T05:00:00Z", outcome: "failed", next: "2026-11-02T09:00:00Z",
                 extra: ",\"error_code\":\"ThrottlingException\""),
        decision("f", run: "r1", at: "2026-11-02T05:00:00Z", next: "2026-11-02T09:00:00Z", price: 0),
        decision("g", run: "r1", at: "2026-11-02T05:00:00Z", next: "2026-11-03T08:00:00Z", price: 2, extra: ",\"service\":\"rekognition\""),
        record("run-start", run: "r2", at: "2026-11-02T10:00:00Z"),
        decision("a", run: "r2", at: "2026-11-02T10:00:00Z", decision: "keep", outcome: nil),
        decision("b", run: "r2", at: "2026-11-02T10:00:00Z", decision: "none", outcome: nil, state: "stopped"),
        record("run-start", run: "r3", at: "2026-11-02T20:30:00Z"),
        decision("g", run: "r3", at: "2026-11-02T20:30:00Z", decision: "start", outcome: "started", state: "stopped",
                 extra: ",\"service\":\"rekognition\",\"window_closes\":\"2026-11-02T22:00:00Z\""),
    ].joined(separator: "\n") + "\n"

    /// An expected figure, typed (sums of literals inside `#expect` are slow to type-check).
    static func d(_ x: Double) -> Double { x }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func audit(_ log: String, _ args: [String]) throws -> CommandResult {
        try CommandRunner.run(["audit", "--log", log] + args)
    }

    @Test func eachBranchOfRealizedAndProjectedSavings() throws {
        let dir = try TemporaryDirectory()
        let log = try dir.write("audit.jsonl", Self.branchesLog)
        let r = try Self.audit(log, ["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try Self.json(r.stdout)
        #expect(doc["stops"] as? Int == 6)  // a, b, c, d (unconfirmed), f (saves nothing), g; e failed
        #expect(doc["failures"] as? Int == 1)
        #expect(doc["realized_inference_unit_hours"] as? Double == Self.d(5 + 3 + 15.5 + 8 + 15.5))
        #expect(doc["realized_money"] as? Double == Self.d((5 + 3 + 15.5 + 8) * 4 + 15.5 * 2))
        #expect(doc["projected_inference_unit_hours"] as? Double == Self.d(5 + 3 + 675 + 8 + 15.5))
        #expect(doc["projected_money"] as? Double == Self.d((5 + 3 + 675 + 8) * 4 + 15.5 * 2))
        #expect(doc["saved_inference_unit_hours"] == nil && doc["saved_money"] == nil)
        #expect(doc["savings_log_end"] as? String == "2026-11-02T20:30:00Z")
        #expect(doc["stops_saving_nothing"] as? Int == 1)
        let services = try #require(doc["savings_per_service"] as? [String: [String: Double]])
        #expect(services["lookoutvision"] == ["realized_inference_unit_hours": 31.5, "realized_money": 126,
                                              "projected_inference_unit_hours": 691, "projected_money": 2764])
        #expect(services["rekognition"] == ["realized_inference_unit_hours": 15.5, "realized_money": 31,
                                            "projected_inference_unit_hours": 15.5, "projected_money": 31])
        let accounts = try #require(doc["accounts"] as? [String: [String: Any]])
        #expect(accounts["prod (123456789012)"]?["realized_inference_unit_hours"] as? Double == Self.d(15.5))
        #expect(accounts["prod (123456789012)"]?["projected_money"] as? Double == Self.d(675 * 4))
        #expect(accounts["none"]?["realized_money"] as? Double == Self.d((5 + 3 + 8) * 4 + 15.5 * 2))

        let text = try Self.audit(log, [])
        #expect(text.stdout.contains("realized savings: 47.0 inference-unit hours, 157.00 (projected: 706.5, 2795.00)\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  rekognition: 15.5 inference-unit hours, 31.00 (projected: 15.5, 31.00)\n"))
        #expect(text.stdout.contains("  prod (123456789012): 1 decisions, 1 stops, 0 failures, realized savings: 15.5 inference-unit hours, 62.00 (projected: 675.0, 2700.00)\n"))
        #expect(text.stdout.contains("realized up to the log's latest record (2026-11-02T20:30:00Z)"))
    }

    /// `--from`/`--to`: the stops of the period, judged with the whole log, cut at its end;
    /// `--since`/`--until`: the log as it stood then.
    @Test func periodsCutSavingsAndSinceUntilReadTheLogAsItStood() throws {
        let dir = try TemporaryDirectory()
        let log = try dir.write("audit.jsonl", Self.branchesLog)
        let period = try Self.json(try Self.audit(log, ["--from", "2026-11-02T00:00:00Z", "--to", "2026-11-02T12:00:00Z", "--output", "json"]).stdout)
        // c and g run past 12:00: 7 h each; a ends at 10:00 (seen again), b at 08:00, d at 09:00.
        #expect(period["stops"] as? Int == 6)
        #expect(period["realized_inference_unit_hours"] as? Double == Self.d(5 + 3 + 7 + 8 + 7))
        #expect(period["projected_inference_unit_hours"] as? Double == Self.d(5 + 3 + 7 + 8 + 7))
        #expect(period["realized_money"] as? Double == Self.d((5 + 3 + 7 + 8) * 4 + 7 * 2))
        #expect(period["period_to"] as? String == "2026-11-02T12:00:00Z")
        // A period after the stops: none of them, whatever their savings reach into it.
        let later = try Self.json(try Self.audit(log, ["--from", "2026-11-02T12:00:00Z", "--output", "json"]).stdout)
        #expect(later["stops"] as? Int == 0 && later["realized_money"] as? Double == Self.d(0))
        // --until: the log ends at 10:00 (its latest record then): c and g realized 5 h; projected
        // to their windows (g: 27 h to 3 November 08:00).
        let until = try Self.json(try Self.audit(log, ["--until", "2026-11-02T12:00:00Z", "--output", "json"]).stdout)
        #expect(until["realized_inference_unit_hours"] as? Double == Self.d(5 + 3 + 5 + 8 + 5))
        #expect(until["projected_inference_unit_hours"] as? Double == Self.d(5 + 3 + 675 + 8 + 27))
        let text = try Self.audit(log, ["--from", "2026-11-02T00:00:00Z", "--to", "2026-11-02T12:00:00Z"])
        #expect(text.stdout.contains("period: stops from 2026-11-02T00:00:00Z to 2026-11-02T12:00:00Z; savings running past its end count up to it"))
        // Bad periods are usage errors.
        let backwards = try Self.audit(log, ["--from", "2026-11-02T12:00:00Z", "--to", "2026-11-02T00:00:00Z"])
        #expect(backwards.status == 64 && backwards.stderr.contains("--to must be after --from"))
        let noOffset = try Self.audit(log, ["--to", "2026-11-02T12:00:00"])
        #expect(noOffset.status == 64 && noOffset.stderr.contains("--to"))
    }

    static let twoMonthsLog = branchesLog + [
        record("run-start", run: "r4", at: "2026-12-01T05:00:00Z"),
        decision("h", run: "r4", at: "2026-12-01T05:00:00Z", next: "2026-12-01T08:00:00Z"),
        decision("=SUM(1,2) \\\"x\\\"", run: "r4", at: "2026-12-01T05:00:00Z", outcome: "failed", extra: ",\"error_code\":\"AccessDenied\""),
        record("run-start", run: "r5", at: "2026-12-01T09:00:00Z"),
    ].joined(separator: "\n") + "\n"

    @Test func rowsByMonthAddUpToTheWholeInEveryFormat() throws {
        let dir = try TemporaryDirectory()
        let log = try dir.write("audit.jsonl", Self.twoMonthsLog)
        let whole = try Self.json(try Self.audit(log, ["--output", "json"]).stdout)
        // The log now reaches December: c's window (30 November) has passed, so its 675 h are realized.
        #expect(whole["realized_inference_unit_hours"] as? Double == Self.d(5 + 3 + 675 + 8 + 15.5 + 3))
        let byMonth = try Self.json(try Self.audit(log, ["--by", "month", "--output", "json"]).stdout)
        let rows = try #require(byMonth["rows"] as? [[String: Any]])
        #expect(rows.map { $0["group"] as? String } == ["2026-11", "2026-12"])
        #expect(rows[1]["stops"] as? Int == 1 && rows[1]["failures"] as? Int == 1)
        for key in ["stops", "failures"] {
            #expect(rows.map { $0[key] as? Int ?? -1 }.reduce(0, +) == whole[key] as? Int)
        }
        for key in ["realized_inference_unit_hours", "realized_money", "projected_inference_unit_hours", "projected_money"] {
            let sum = rows.map { $0[key] as? Double ?? -1 }.reduce(0, +)
            #expect(abs(sum - (whole[key] as? Double ?? 0)) < 0.011, "\(key)")
            #expect((byMonth["total"] as? [String: Any])?[key] as? Double == whole[key] as? Double)
        }
        // CSV: read back by Python's csv module, the same rows and figures.
        let csv = try Self.audit(log, ["--by", "month", "--output", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("month,stops,failures,realized_inference_unit_hours,realized_money,projected_inference_unit_hours,projected_money\r\n"))
        let parsed = try Self.pythonCSV(csv.stdout, dir: dir)
        #expect(parsed.count == 3)
        #expect(parsed[1][0] == "2026-11" && parsed[2][0] == "2026-12")
        for (i, key) in ["realized_inference_unit_hours", "realized_money", "projected_inference_unit_hours", "projected_money"].enumerated() {
            let sum = parsed.dropFirst().map { Double($0[3 + i]) ?? -1 }.reduce(0, +)
            #expect(abs(sum - (whole[key] as? Double ?? 0)) < 0.011, "\(key)")
        }
        let text = try Self.audit(log, ["--by", "month"])
        #expect(text.stdout.contains("\n2026-12      1         1           3.00     12.00            3.00      12.00\n"), "\(text.stdout)")
        #expect(text.stdout.contains("\ntotal        7         2         709.50   2807.00          709.50    2807.00\n"))
    }

    /// Names from outside: quoted per RFC 4180 and made inert for spreadsheets.
    @Test func csvByProjectQuotesAndDefusesNamesFromTheLog() throws {
        let dir = try TemporaryDirectory()
        let log = try dir.write("audit.jsonl", Self.twoMonthsLog)
        let csv = try Self.audit(log, ["--by", "project", "--output", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains("\r\n\"'=SUM(1,2) \"\"x\"\"\",0,1,0.00,0.00,0.00,0.00\r\n"), "\(csv.stdout)")
        let parsed = try Self.pythonCSV(csv.stdout, dir: dir)
        #expect(parsed.contains(["'=SUM(1,2) \"x\"", "0", "1", "0.00", "0.00", "0.00", "0.00"]))
        #expect(parsed.contains(["c", "1", "0", "675.00", "2700.00", "675.00", "2700.00"]))
        #expect(!csv.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        // Usage errors.
        let noGroup = try Self.audit(log, ["--output", "csv"])
        #expect(noGroup.status == 64 && noGroup.stderr.contains("--output csv needs --by"))
        let badGroup = try Self.audit(log, ["--by", "week"])
        #expect(badGroup.status == 64)
        let html = try Self.audit(log, ["--by", "month", "--output", "html"])
        #expect(html.status == 64 && html.stderr.contains("--by cannot be used with --output html"))
    }

    /// Records without a next window or a price (an old log): read, and said, never guessed.
    @Test func oldRecordsSayWhatCannotBeKnown() throws {
        let dir = try TemporaryDirectory()
        let old = [
            Self.record("run-start", run: "r1", at: "2026-11-02T05:00:00Z"),
            Self.record("decision", run: "r1", at: "2026-11-02T05:00:00Z",
                        ",\"region\":\"eu-west-1\",\"project\":\"old\",\"version\":\"1\",\"status_before\":\"HOSTED\",\"decision\":\"stop\",\"reason\":\"r\",\"outcome\":\"stopped\""),
            Self.record("run-start", run: "r2", at: "2026-11-02T15:00:00Z"),
        ].joined(separator: "\n") + "\n"
        let log = try dir.write("old.jsonl", old)
        let doc = try Self.json(try Self.audit(log, ["--output", "json"]).stdout)
        #expect(doc["realized_inference_unit_hours"] as? Double == Self.d(10))
        #expect(doc["projected_inference_unit_hours"] as? Double == Self.d(10))
        #expect(doc["realized_money"] as? Double == Self.d(0))
        #expect(doc["stops_without_next_window"] as? Int == 1 && doc["stops_without_price"] as? Int == 1)
        let text = try Self.audit(log, [])
        #expect(text.stdout.contains("1 stops recorded no next window and their model was not seen hosted again"))
        #expect(text.stdout.contains("1 stops recorded no price (an old log): their hours count, their money is unknown and counts 0"))
    }

    /// The page shows both figures, with their definitions.
    @Test func pageShowsRealizedAndProjected() throws {
        let dir = try TemporaryDirectory()
        let log = try dir.write("audit.jsonl", Self.branchesLog)
        let page = try Self.audit(log, ["--output", "html"])
        #expect(page.stdout.contains("realized savings (47.0 inference-unit hours)"))
        #expect(page.stdout.contains("projected savings (706.5 inference-unit hours)"))
        #expect(page.stdout.contains("Realized: each stop saves the time until its model"))
        #expect(page.stdout.contains("Projected: the same without the log"))
        #expect(page.stdout.contains("class=\"projected\""))
    }

    /// The demo's log (fixed instants): the old estimate was 789.5 unit-hours, 3147.64, of which 2922.00
    /// came from finance-audit, 2918.00 of them from its month-end stop at 19:30, whose window opens on 31 December. The
    /// log ends at that run, so none of that is realized yet: 30.5 unit-hours, 111.64 realized (the
    /// SageMaker component's 2 copies for 2 h at 1.41 among them); the projection keeps 3147.64.
    @Test func theDemoLogBeforeAndAfter() throws {
        let dir = try TemporaryDirectory()
        let demo = dir.url.appendingPathComponent("demo").path
        #expect(try CommandRunner.run(["demo", "--directory", demo]).status == 0)
        let log = demo + "/audit.jsonl"
        let doc = try Self.json(try Self.audit(log, ["--output", "json"]).stdout)
        #expect(doc["realized_inference_unit_hours"] as? Double == 30.5 && doc["realized_money"] as? Double == Self.d(111.64))
        #expect(doc["projected_inference_unit_hours"] as? Double == 789.5 && doc["projected_money"] as? Double == Self.d(3147.64))
        let sagemaker = try #require((doc["savings_per_service"] as? [String: Any])?["sagemaker"] as? [String: Any])
        #expect(sagemaker["realized_inference_unit_hours"] as? Double == 4 && sagemaker["realized_money"] as? Double == Self.d(5.64))
        let byProject = try Self.json(try Self.audit(log, ["--by", "project", "--output", "json"]).stdout)
        let finance = try #require((byProject["rows"] as? [[String: Any]])?.first { $0["group"] as? String == "finance-audit" })
        // 04:00 to its window at 05:00 (1 h realized); 19:30 to 31 December 05:00 projected (729.5 h).
        #expect(finance["realized_money"] as? Double == 4 && finance["projected_money"] as? Double == Self.d(4 + 2918))
    }

    /// Reads CSV text with python3's csv module; the rows as lists of fields.
    static func pythonCSV(_ text: String, dir: TemporaryDirectory) throws -> [[String]] {
        let input = try dir.write("rows.csv", text)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import csv, json, sys\nwith open(sys.argv[1], newline='') as f: print(json.dumps(list(csv.reader(f, strict=True))))", input]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
    }
}
