using System.Net;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>
/// The session goes through a relay: connect to <paramref name="Relay"/> with <paramref name="Ticket"/>; once paired,
/// serve the session's TLS (<paramref name="Side"/> host) or dial through it pinning
/// <paramref name="HostCertificateSha256"/> (dialer).
/// </summary>
public sealed record RelayGo(SessionId SessionId, EndPoint Relay, byte[] Ticket, PeerRole Side, byte[]? HostCertificateSha256) : SessionEvent(SessionId);
