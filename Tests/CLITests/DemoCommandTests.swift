import Foundation
import Testing

@Suite struct DemoCommandTests {
    @Test func runsTheSampleDayThroughTheRealPath() throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["demo", "--directory", dir.url.path])
        #expect(r.status == 0, "\(r.stderr)")
        // The demo's files are the ones shipped in examples/.
        let root = CommandRunner.repositoryRoot
        #expect(try String(contentsOfFile: dir.url.appendingPathComponent("rules.yaml").path, encoding: .utf8)
            == String(contentsOf: root.appendingPathComponent("examples/demo-rules.yaml"), encoding: .utf8))
        #expect(try String(contentsOfFile: dir.url.appendingPathComponent("fleet.yaml").path, encoding: .utf8)
            == String(contentsOf: root.appendingPathComponent("examples/fleet.yaml"), encoding: .utf8))
        // 05:00: seven stopped, the starting one deferred, the exempt one kept, the unmanaged one reported.
        #expect(r.stdout.contains("STOPPED: lookoutvision eu-west-1 pcb-inspection version 3 [HOSTED]"))
        #expect(r.stdout.contains("DEFERRED: lookoutvision us-east-1 weld-line2 version 2 [STARTING_HOSTING]"))
        #expect(r.stdout.contains("KEEP: lookoutvision eu-west-1 safety-critical version 7 [HOSTED]"))
        #expect(r.stdout.contains("UNMANAGED (hosted): lookoutvision eu-west-1 lab-experiments version 1 [HOSTED]"))
        // The Rekognition Custom Labels model running overnight is stopped too, its stopped sibling left alone.
        #expect(r.stdout.contains("STOPPED: rekognition eu-west-1 shelf-labels version shelf-labels.2026-01-15T10.22.04 [RUNNING]"))
        #expect(!r.stdout.contains("shelf-labels.2025-11-02T08.00.00"))
        // The SageMaker endpoint's chat component is scaled to zero overnight; its always-on sibling kept.
        #expect(r.stdout.contains("STOPPED: sagemaker eu-west-1 assistant component chat [InService, 2 -> 0 copies]"))
        #expect(r.stdout.contains("KEEP: sagemaker eu-west-1 assistant component embeddings [InService, 1 copy]"))
        #expect(r.stdout.contains("  sagemaker: 4.0 copy-hours, 5.64"))
        #expect(r.stdout.contains("summary: 14 models: 7 stopped, 0 failed"))
        #expect(r.stdout.contains("summary: 14 models: 0 stopped, 0 failed"))
        #expect(r.stdout.contains("summary: 14 models: 3 stopped, 0 failed"))
        #expect(r.stdout.contains("models that keep being started outside their windows (stopped in 2 or more runs):\n  eu-west-1/finance-audit/1: 2 runs"))
        // 58 records, and each of the 3 runs' `events` record after its run-end.
        #expect(r.stdout.contains("hash chain: intact (61 records"))
        // The bus heard of every stop (7 + 0 + 3, the SageMaker component among them) and of each run's end.
        #expect(r.stdout.contains("=== What EventBridge received on the bus ops-alerts (defaults.events; 13 events in"))
        #expect(r.stdout.contains("Model Stopped   arn:aws:lookoutvision:eu-west-1:123456789012:model/pcb-inspection/3"))
        #expect(r.stdout.components(separatedBy: "Run Completed ").count - 1 == 3)
        #expect(r.stdout.contains("Model Stopped   arn:aws:sagemaker:eu-west-1:123456789012:inference-component/chat"))
        let verify = try CommandRunner.run(["audit", "--verify", "--log", dir.url.appendingPathComponent("audit.jsonl").path])
        #expect(verify.status == 0)
    }
}
