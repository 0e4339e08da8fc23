// Each test starts its own relay in this process, and OpenTelemetry subscribes to meters by name process-wide:
// two relays at once would each export (and drop as duplicates) the other's instruments.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
