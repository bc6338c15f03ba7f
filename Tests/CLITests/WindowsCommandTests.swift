import Foundation
import Testing

@Suite struct WindowsCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func printsAWeekOfOfficeHoursAsJSON() throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml", "--from", "2026-11-30T00:00:00+01:00",
                                       "--to", "2026-12-07T00:00:00+01:00", "--project", "pcb-inspection", "--version", "3",
                                       "--region", "eu-west-1", "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        #expect(doc["from"] as? String == "2026-11-29T23:00:00Z")
        #expect(doc["matched_rule"] as? Int == 1)
        let rules = try #require(doc["rules"] as? [[String: Any]])
        #expect(rules.count == 1)
        #expect(rules[0]["schedule"] as? String == "office-hours")
        #expect(rules[0]["hosted_hours"] as? Double == 60)
        #expect(rules[0]["stopped_hours"] as? Double == 108)
        let intervals = try #require(rules[0]["intervals"] as? [[String: Any]])
        #expect(intervals.map { $0["start_local"] as? String } == [
            "2026-11-30T07:00:00+01:00", "2026-12-01T07:00:00+01:00", "2026-12-02T07:00:00+01:00",
            "2026-12-03T07:00:00+01:00", "2026-12-04T07:00:00+01:00",
        ])
        #expect(intervals.first?["start"] as? String == "2026-11-30T06:00:00Z")
        #expect(intervals.first?["end"] as? String == "2026-11-30T18:00:00Z")
    }

    @Test func aModelNoRuleCoversHasNoTimeline() throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml", "--from", "2026-11-30T00:00:00Z",
                                       "--to", "2026-12-01T00:00:00Z", "--project", "x", "--version", "1",
                                       "--region", "ap-northeast-1", "--output", "json"])
        #expect(r.status == 0)
        let doc = try json(r.stdout)
        #expect(doc["matched_rule"] is NSNull)
        #expect((doc["rules"] as? [Any])?.isEmpty == true)
    }

    @Test func textOutputIsATable() throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml", "--from", "2026-12-24T00:00:00Z",
                                       "--to", "2026-12-26T00:00:00Z", "--project", "weld-2", "--version", "1", "--region", "us-east-1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Rule 2 (project weld-*, versions *, region us-east-1 -> night-shift), line "))
        // Dec 23 22:00 Chicago opens (a Wednesday); Dec 24 and 25 are holidays, so nothing else opens.
        #expect(r.stdout.contains("Wed 2026-12-23 22:00 -06:00  Thu 2026-12-24 06:00 -06:00  2026-12-24T04:00:00Z  2026-12-24T12:00:00Z   8.00"))
        #expect(r.stdout.contains("hosted 8.00 h, stopped 40.00 h"))
    }

    @Test(arguments: [
        (["--from", "2026-11-30T00:00:00", "--to", "2026-12-01T00:00:00Z"], "--from: '2026-11-30T00:00:00' has no time zone offset; write it as 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00"),
        (["--from", "2026-12-01T00:00:00Z", "--to", "2026-11-30T00:00:00Z"], "--to must be after --from"),
        (["--from", "yesterday", "--to", "2026-11-30T00:00:00Z"], "--from: 'yesterday' has no time zone offset; write it as 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00"),
    ])
    func rejectsBadTimes(arguments: [String], message: String) throws {
        let r = try CommandRunner.run(["windows", "--rules", "schedules/example.yaml"] + arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains("Error: \(message)"))
    }
}

@Suite struct ExplainCommandTests {
    @Test func explainsAStoppedModel() throws {
        let r = try CommandRunner.run(["explain", "--rules", "schedules/example.yaml", "--project", "pcb-inspection",
                                       "--version", "4", "--region", "eu-west-1", "--at", "2026-12-24T10:00:00Z", "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["action"] as? String == "stop")
        #expect(doc["hosted"] as? Bool == false)
        #expect(doc["rule"] as? Int == 1)
        #expect(doc["local_time"] as? String == "2026-12-24T11:00:00+01:00")
        #expect((doc["reason"] as? String)?.contains("2026-12-24 is a holiday") == true)
        #expect(doc["previous_transition"] as? String == "2026-12-23T18:00:00Z")
        #expect(doc["next_transition"] as? String == "2026-12-28T06:00:00Z")
    }

    @Test func explainsAHostedModelInText() throws {
        let r = try CommandRunner.run(["explain", "--rules", "schedules/example.yaml", "--project", "weld-9",
                                       "--version", "2", "--region", "us-east-1", "--at", "2026-12-01T05:00:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Verdict:  may be hosted (keep)"))
        #expect(r.stdout.contains("Until:    2026-12-01T06:00:00-06:00 (2026-12-01T12:00:00Z)"))
    }

    @Test func saysWhenNoRuleCoversAModel() throws {
        let r = try CommandRunner.run(["explain", "--rules", "schedules/example.yaml", "--project", "x", "--version", "1",
                                       "--region", "us-west-2", "--at", "2026-12-01T05:00:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Rule:     none: no rule covers this model, so it is left alone (never stopped)"))
    }
}
