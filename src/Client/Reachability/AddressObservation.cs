namespace LogChat.Client.Reachability;

/// <summary>What one gateway endpoint observed of a call: this machine's public address and port, and the gateway's other ports.</summary>
/// <param name="Address">The public IP address, in canonical text form.</param>
/// <param name="Port">The public port the call came from.</param>
/// <param name="ProbePorts">Other ports of the same gateway address that answer <c>ObserveAddress</c>.</param>
public sealed record AddressObservation(string Address, int Port, IReadOnlyList<int> ProbePorts);
