/// The sample fleet and rule file of `lookout-scheduler demo`, the same text as
/// `examples/fleet.yaml` and `examples/demo-rules.yaml` (a test keeps them equal).
public enum DemoFiles {
    /// The fleet the emulator starts with (`examples/fleet.yaml`).
    public static let fleet = """
# A sample fleet for the bundled emulator (lookout-emulator --fleet examples/fleet.yaml).
account: "123456789012"
region: eu-west-1
projects:
  - name: pcb-inspection
    models:
      - { version: 1, status: TRAINED }
      - { version: 3, status: HOSTED, inference_units: 2, tags: { team: electronics } }
      - { version: 4, status: HOSTED, tags: { team: electronics } }
  - name: weld-line1
    region: us-east-1
    models:
      - { version: 1, status: HOSTED }
  - name: weld-line2
    region: us-east-1
    models:
      - { version: 2, status: STARTING_HOSTING }
  - name: finance-audit
    models:
      - { version: 1, status: HOSTED }
  - name: safety-critical
    models:
      - { version: 7, status: HOSTED }
  - name: paint-shop
    models:
      - { version: 2, status: HOSTED }
      - { version: 1, status: TRAINING_FAILED }
  - name: lab-experiments
    models:
      - { version: 1, status: HOSTED }
  - name: shelf-labels
    service: rekognition
    models:
      - { version: shelf-labels.2026-01-15T10.22.04, status: RUNNING, inference_units: 2 }
      - { version: shelf-labels.2025-11-02T08.00.00, status: STOPPED }
  - name: assistant                   # a SageMaker endpoint that scales to zero instances
    service: sagemaker
    min_instance_count: 0
    models:
      - { version: chat, status: InService, copies: 2 }
      - { version: embeddings, status: InService, copies: 1 }

"""

    /// The rule file the demo runs with (`examples/demo-rules.yaml`).
    public static let rules = """
# The rule file `lookout-scheduler demo` runs with (against examples/fleet.yaml in the emulator).
version: 1
defaults:
  timezone: Europe/Berlin
  region: eu-west-1
  price_per_inference_unit_hour: 4.00
  events: { bus: ops-alerts, region: eu-west-1 }   # every stop, start and failure, and each run's end, on EventBridge
holidays: [2026-12-24, 2026-12-25]
schedules:
  office-hours:
    windows:
      - { days: mon-fri, from: "07:00", to: "19:00" }
  night-shift:
    timezone: America/Chicago
    windows:
      - { days: mon-fri, from: "22:00", to: "06:00" }
  month-end:
    windows:
      - { cron: "0 6 L * *", for: 14h }
rules:
  - { project: pcb-inspection, versions: ["3", "4"], schedule: office-hours }
  - { project: "weld-*", schedule: night-shift, region: us-east-1 }
  - { project: finance-audit, schedule: month-end }
  - { project: safety-critical, schedule: always }
  - { project: "paint-*", schedule: office-hours }
  - { service: rekognition, project: shelf-labels, schedule: office-hours }
  - { service: sagemaker, project: assistant, versions: [chat], schedule: office-hours }
  - { service: sagemaker, project: assistant, versions: [embeddings], schedule: always }

"""
}
