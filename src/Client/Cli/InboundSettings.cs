namespace LogChat.Client.Cli;

/// <summary>Whether and where this client accepts peers' connections.</summary>
/// <param name="ListenPort">The port <c>--listen-port</c> asked for, or null for the profile's.</param>
/// <param name="NoInbound">The user's wish never to host a chat: no listener, no reachability check.</param>
public sealed record InboundSettings(int? ListenPort, bool NoInbound);
