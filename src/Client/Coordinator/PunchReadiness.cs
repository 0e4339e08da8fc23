namespace LogChat.Client.Coordinator;

/// <summary>
/// A punched session's side is reported ready: the local port its report left from (the NAT mapped that port, which the
/// gateway observed) and the round trip to the gateway measured on that connection once it was up.
/// </summary>
public sealed record PunchReadiness(int LocalPort, TimeSpan RoundTrip);
