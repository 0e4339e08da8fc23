using LogChat.Client.Coordinator;

namespace LogChat.Client.Reachability;

/// <summary>What was measured about how peers can reach this machine, for one observed address.</summary>
/// <param name="ObservedAddress">The public address the coordinator observed (canonical text form).</param>
/// <param name="ObservedPort">The public port it observed for the first call from the punch port.</param>
/// <param name="ListenPort">The listener port the dial-back tried, or null when none was tried (<c>--no-inbound</c>).</param>
/// <param name="Reachable">Whether the dial-back reached this client's listener.</param>
/// <param name="Nat">The NAT type the coordinator derived.</param>
/// <param name="Detail">Why not reachable, for the user; empty when reachable.</param>
/// <param name="MappedPorts">
/// The public ports the gateway endpoints observed for calls from one local port: equal ports mean one public port for
/// every destination (punchable), different ones a new port per destination. One port when only one endpoint answered.
/// </param>
/// <param name="MeasuredAt">When it was measured.</param>
public sealed record ReachabilityMeasurement(
    string ObservedAddress,
    int ObservedPort,
    int? ListenPort,
    bool Reachable,
    NatKind Nat,
    string Detail,
    IReadOnlyList<int> MappedPorts,
    DateTimeOffset MeasuredAt);
