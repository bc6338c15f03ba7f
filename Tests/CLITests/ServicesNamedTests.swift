import Foundation
import Testing

/// Issue 18: `--help` (and so the man page, generated from the same definitions) names every
/// service the tool manages.
@Suite struct ServicesNamedTests {
    @Test func helpNamesEveryManagedService() throws {
        let r = try CommandRunner.run(["--help"])
        #expect(r.status == 0)
        let flat = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for service in ["Amazon Lookout for Vision", "Amazon Rekognition Custom Labels"] {
            #expect(flat.contains(service), "\(r.stdout)")
        }
    }
}
