// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "lookout-scheduler",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lookout-scheduler", targets: ["LookoutSchedulerCLI"]),
        .library(name: "HostingSchedule", targets: ["HostingSchedule"]),
        .library(name: "RuleFile", targets: ["RuleFile"]),
        .executable(name: "lookout-emulator", targets: ["LookoutEmulatorCLI"]),
        .executable(name: "lookout-bench", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // credential_process: a process group of its own, killed as a whole on timeout.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        // TLS for the emulator's HTTPS mode (tests only: the scheduler binary never links it).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // The words the services and this tool share, each spelled once: the service kinds, each
        // service's status words and operation names, the AWS error codes, the HTTP methods. The
        // clients, the emulator, the demo and the log reader all use it. No dependencies.
        .target(name: "ServiceVocabulary"),
        // Pure schedule semantics: cron, hosting windows, time zones, DST. No I/O.
        .target(name: "HostingSchedule", dependencies: ["ServiceVocabulary"]),
        // The host's time zone database: TZif files under TZDIR or /usr/share/zoneinfo, read once per
        // zone (the pure TZif and POSIX TZ parsers are in HostingSchedule).
        .target(name: "ZoneInfo", dependencies: ["HostingSchedule", "FileSafety", "LockedValue"]),
        // How results are written: the output formats and the one JSON configuration.
        .target(name: "Rendering"),
        // The YAML rule file: parsing, validation with file:line:column diagnostics, rule selection.
        .target(name: "RuleFile", dependencies: ["FileSafety", "HostingSchedule", "ZoneInfo", .product(name: "Yams", package: "Yams")]),
        // OpenSSL's libcrypto (Debian: libssl-dev), for SHA-256 and HMAC.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // SHA-256 and HMAC-SHA256 over libcrypto: what the signer and the audit log's hash chain share.
        .target(name: "Hashing", dependencies: ["COpenSSL"]),
        // AWS Signature Version 4: pure, date passed in.
        .target(name: "SigV4", dependencies: ["Hashing"]),
        // libcurl (Debian: libcurl4-openssl-dev, the OpenSSL flavour), for the HTTP transport.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // How the tool opens files from outside and writes its own: regular files only, size caps, no
        // FIFO waited on, atomic replacement. Files are not AWS plumbing: the log, the zone files and
        // the credentials all read through it.
        .target(name: "FileSafety"),
        // The one box for mutable state shared across threads (a pthread mutex around a value;
        // `Sendable` only when the value is), as swift-nio's `NIOLockedValueBox`.
        .target(name: "LockedValue"),
        // AWS plumbing: HTTP transport (libcurl), credentials chain (STS, SSO), region and endpoint,
        // retries, rate limit, error parsing.
        .target(name: "AWSCore", dependencies: ["ServiceVocabulary", "SigV4", "Hashing", "CCurl", "FileSafety", "Rendering", "LockedValue",
                                                .product(name: "Subprocess", package: "swift-subprocess")]),
        // A service that hosts models by the hour: the interface the run talks to, and hosting states.
        .target(name: "ModelHosting", dependencies: ["AWSCore", "HostingSchedule", "Rendering"]),
        // The Lookout for Vision client: typed operations, validation, pagination; its ModelHostingService.
        .target(name: "LookoutVision", dependencies: ["AWSCore", "SigV4", "ModelHosting", "Rendering"]),
        // The Rekognition Custom Labels client (JSON 1.1): typed operations, validation, pagination; its ModelHostingService.
        .target(name: "RekognitionCustomLabels", dependencies: ["AWSCore", "ModelHosting", "HostingSchedule", "Rendering", "LockedValue"]),
        // The SageMaker client (JSON 1.1): inference components, endpoints, and the Application Auto
        // Scaling read a stop checks first; its ModelHostingService.
        .target(name: "SageMakerInferenceComponents", dependencies: ["AWSCore", "ModelHosting", "HostingSchedule", "Rendering", "LockedValue"]),
        // A Lookout for Vision emulator: SigV4 verification, service behaviour, faults, request log.
        .target(name: "LookoutEmulator", dependencies: [
            "ServiceVocabulary", "SigV4", "Hashing", "LockedValue", "Rendering", .product(name: "Yams", package: "Yams"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .executableTarget(name: "LookoutEmulatorCLI", dependencies: [
            "LookoutEmulator", "SigV4", "Hashing", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // `swift run -c release lookout-bench`: the figures in BENCHMARKS.md.
        .executableTarget(name: "Benchmarks", dependencies: ["SigV4", "Hashing", "AWSCore", "LookoutVision", "LookoutEmulator", "HostingSchedule", "ModelHosting", "RuleFile", "AuditTrail", "SchedulerRun", "ServiceVocabulary"]),
        // The audit log: the one record (`RunEvent`, `ModelDecision`) and its vocabulary (`Action`,
        // `Outcome`, `RunCounts`), the hash-chained writer and its anchor, the one line reader
        // (forwards and backwards) and what one pass feeds (verification, summary, savings, the run's
        // memory), and the audit's report. ModelHosting only for `HostingState` in a record.
        .target(name: "AuditTrail", dependencies: ["ServiceVocabulary", "FileSafety", "HostingSchedule", "ModelHosting", "AWSCore", "Hashing", "Rendering", "LockedValue"]),
        // The run: discovery, decisions, stops, the run lock, the metrics, the run report; writes
        // through AuditTrail. Knows services only through ModelHosting.
        .target(name: "SchedulerRun", dependencies: ["ServiceVocabulary", "AuditTrail", "FileSafety", "HostingSchedule", "ModelHosting", "AWSCore", "Hashing", "Rendering", "LockedValue"]),
        // Amazon EventBridge: PutEvents (JSON 1.1), the entries' batching, and the run's observer
        // that sends an event for each action recorded.
        .target(name: "EventDelivery", dependencies: ["AWSCore", "AuditTrail", "SchedulerRun", "HostingSchedule", "Rendering", "LockedValue"]),
        // Assembles a run from its one plan: regions, targets, credentials, services (the one assembler,
        // `models` too), the lock, the log.
        .target(name: "SchedulerSetup", dependencies: ["FileSafety", "Rendering", "AuditTrail", "SchedulerRun", "ModelHosting", "LookoutVision", "RekognitionCustomLabels", "SageMakerInferenceComponents", "AWSCore", "RuleFile", "HostingSchedule", "EventDelivery"]),
        // Renderings of a run: the report printed as it goes (text or JSON) and the metrics file,
        // fed by the run's records and result, the same way for `run` and `demo`.
        .target(name: "RunPresentation", dependencies: ["AuditTrail", "SchedulerRun", "SchedulerSetup", "HostingSchedule", "Rendering", "FileSafety", "AWSCore"]),
        // Renders timelines and explanations as text tables or stable JSON.
        .target(name: "ScheduleReport", dependencies: ["HostingSchedule", "RuleFile", "Rendering"]),
        // Pictures of timelines and of the audit log: self-contained SVG and HTML, built from the
        // evaluator's timelines and a streaming tally of the log. No I/O.
        .target(name: "Pictures", dependencies: ["HostingSchedule", "RuleFile", "ScheduleReport", "AuditTrail", "Rendering"]),
        // The demo's equipment: its fleet and rule file, the in-process emulator it runs against, the
        // sample day and what the bus received. The only module of the scheduler that imports the emulator.
        .target(name: "DemoSupport", dependencies: [
            "LookoutEmulator", "HostingSchedule", "Rendering", "FileSafety", "RuleFile", "AuditTrail", "SchedulerRun", "SchedulerSetup", "RunPresentation",
            "AWSCore", "Hashing", "SigV4", .product(name: "Yams", package: "Yams"),
        ]),
        // The thin command-line front end.
        .executableTarget(
            name: "LookoutSchedulerCLI",
            dependencies: [
                "HostingSchedule", "RuleFile", "ScheduleReport", "LookoutVision", "AWSCore", "AuditTrail", "SchedulerRun", "SchedulerSetup", "RunPresentation", "DemoSupport", "ModelHosting",
                "RekognitionCustomLabels", "SageMakerInferenceComponents", "Rendering", "SigV4", "Hashing", "Pictures", "FileSafety", "ZoneInfo", "LockedValue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "HostingScheduleTests", dependencies: ["HostingSchedule", "ZoneInfo"]),
        .testTarget(name: "RuleFileTests", dependencies: ["RuleFile", "HostingSchedule"]),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4", "Hashing"]),
        .testTarget(name: "LookoutVisionTests", dependencies: ["LookoutVision", "LookoutEmulator", "AWSCore", "SigV4"]),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "SigV4", "LookoutEmulator", "Rendering", "FileSafety"]),
        .testTarget(name: "SchedulerRunTests", dependencies: ["FileSafety", "AuditTrail", "SchedulerRun", "RunPresentation", "SchedulerSetup", "HostingSchedule", "ModelHosting", "LookoutVision", "LookoutEmulator", "AWSCore", "SigV4", "RuleFile", "Rendering"]),
        .testTarget(name: "RekognitionCustomLabelsTests", dependencies: ["RekognitionCustomLabels", "ModelHosting", "LookoutEmulator", "AWSCore", "SigV4"]),
        .testTarget(name: "SageMakerInferenceComponentsTests", dependencies: ["SageMakerInferenceComponents", "ModelHosting", "LookoutEmulator", "AWSCore", "SigV4"]),
        .testTarget(name: "PicturesTests", dependencies: ["Pictures", "ScheduleReport", "HostingSchedule", "RuleFile", "AuditTrail", "Rendering"]),
        .testTarget(name: "EventDeliveryTests", dependencies: ["EventDelivery", "AuditTrail", "SchedulerRun", "LookoutEmulator", "AWSCore", "SigV4"]),
        .testTarget(name: "CLITests", dependencies: ["ScheduleReport", "LookoutSchedulerCLI", "LookoutEmulatorCLI", "Hashing", "AWSCore", "SigV4"]),
    ]
)
