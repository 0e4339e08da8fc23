using System.Net;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>
/// Both sides of a punched session are ready: connect from the punch port to <paramref name="Peer"/>, starting
/// <paramref name="StartIn"/> after the coordinator sent this (less half this side's round trip to the gateway). The
/// dialler gets the host's certificate fingerprint to pin.
/// </summary>
public sealed record PunchGo(SessionId SessionId, IPEndPoint Peer, byte[]? HostCertificateSha256, TimeSpan StartIn) : SessionEvent(SessionId);
