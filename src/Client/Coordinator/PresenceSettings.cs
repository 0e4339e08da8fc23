namespace LogChat.Client.Coordinator;

/// <summary>How this client says it can be reached; the coordinator uses it to pick the host of a chat.</summary>
/// <param name="Nat">The NAT in front of this machine (None for loopback and development).</param>
/// <param name="CanAcceptInbound">Whether peers can dial this machine, so it may host.</param>
/// <param name="PublicAddress">The address peers should dial, or null for the one the gateway observes.</param>
public sealed record PresenceSettings(NatKind Nat, bool CanAcceptInbound, string? PublicAddress);
