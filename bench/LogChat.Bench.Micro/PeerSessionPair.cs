using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Bench.Micro;

/// <summary>Two identities and the complete handshake between them, over an in-memory stream.</summary>
internal sealed class PeerSessionPair : IDisposable
{
    private readonly IdentityKeyPair _dialerIdentity = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _hostIdentity = IdentityKeyPair.Generate();
    private readonly Guid _dialerId = Guid.NewGuid();
    private readonly Guid _hostId = Guid.NewGuid();

    /// <summary>Runs one handshake (fresh ephemeral keys, a new session id) and returns both ends' channels.</summary>
    public async Task<(SecureChannel Dialer, SecureChannel Host)> HandshakeAsync()
    {
        var sessionId = new SessionId(Guid.NewGuid());
        var (dialerTransport, hostTransport) = InMemoryPeerTransport.CreatePair();
        var dialer = PeerHandshake.RunAsync(
            new HandshakeParameters(sessionId, PeerRole.Dialer, _dialerId, _dialerIdentity, _hostId, _hostIdentity.PublicKey),
            dialerTransport,
            CancellationToken.None);
        var host = PeerHandshake.RunAsync(
            new HandshakeParameters(sessionId, PeerRole.Host, _hostId, _hostIdentity, _dialerId, _dialerIdentity.PublicKey),
            hostTransport,
            CancellationToken.None);
        return (await dialer, await host);
    }

    public void Dispose()
    {
        _dialerIdentity.Dispose();
        _hostIdentity.Dispose();
    }
}
