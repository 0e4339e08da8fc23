namespace LogChat.Bench.Load.Gateway;

/// <summary>The gateway process's memory and CPU at one moment.</summary>
/// <param name="RssBytes">Resident set size from /proc/PID/status (VmRSS): everything the process holds.</param>
/// <param name="GcHeapBytes">Managed heap size after the last GC, from /metrics (NaN when not exported).</param>
/// <param name="CpuSeconds">User plus system CPU time used so far, from /proc/PID/stat.</param>
/// <param name="ConnectedClients">The gateway's own count of open Connect streams, from /metrics.</param>
/// <param name="GcCollections">Garbage collections so far (all generations), from /metrics.</param>
public sealed record GatewaySample(double RssBytes, double GcHeapBytes, double CpuSeconds, double ConnectedClients, double GcCollections);
