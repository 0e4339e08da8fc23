using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Peer;

/// <summary>
/// What a listener serves: the sessions hosted on it, each found by the server name its diallers ask for, the probe
/// certificate for every other name, and the nonce <c>Peer.Probe</c> answers with.
/// </summary>
internal sealed class ListenerSessions : IDisposable
{
    private readonly ConcurrentDictionary<SessionId, HostedSession> _sessions = new();
    private readonly HostCertificate _probeCertificate = HostCertificate.Create();
    private readonly NextCertificate _nextCertificate = new();

    public ProbeNonce Probe { get; } = new();

    public HostedSession Open(SessionId sessionId, int port)
    {
        var session = new HostedSession(
            sessionId, port, _nextCertificate.Take(), closed => _sessions.TryRemove(new KeyValuePair<SessionId, HostedSession>(closed.SessionId, closed)));
        if (!_sessions.TryAdd(sessionId, session))
        {
            session.Certificate.Dispose();
            throw new InvalidOperationException($"Session {sessionId} is already hosted on this listener.");
        }

        return session;
    }

    /// <summary>The session <paramref name="serverName"/> names, if it is hosted here.</summary>
    public HostedSession? Find(string? serverName) =>
        PeerServerName.SessionOf(serverName) is { } sessionId && _sessions.TryGetValue(sessionId, out var session) ? session : null;

    /// <summary>The certificate for a TLS connection that asked for <paramref name="serverName"/>.</summary>
    public X509Certificate2 CertificateFor(string? serverName) => Find(serverName)?.Certificate.Certificate ?? _probeCertificate.Certificate;

    /// <summary>Turns away every session's diallers; the sessions' owners dispose them.</summary>
    public void CloseAll()
    {
        foreach (var session in _sessions.Values)
        {
            session.Admission.Close();
        }
    }

    public void Dispose()
    {
        _nextCertificate.Dispose();
        _probeCertificate.Dispose();
    }
}
