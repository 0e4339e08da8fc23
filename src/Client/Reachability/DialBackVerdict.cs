using LogChat.Client.Coordinator;

namespace LogChat.Client.Reachability;

/// <summary>The coordinator's answer to a reachability check.</summary>
/// <param name="Reachable">Whether the dial-back reached this client's listener and got its nonce back.</param>
/// <param name="Detail">Why not, for the user; empty when reachable.</param>
/// <param name="Nat">The NAT type the coordinator derived from the dial-back and the mapping measurement.</param>
public sealed record DialBackVerdict(bool Reachable, string Detail, NatKind Nat);
