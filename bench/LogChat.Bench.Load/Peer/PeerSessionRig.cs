using System.Diagnostics;
using LogChat.Client.Peer;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// Two LogChat peers in this process, connected as the product connects them (host listener with a fresh
/// pinned certificate, TLS, handshake, conversation), with the coordinator's part played directly.
/// </summary>
public sealed class PeerSessionRig : IDisposable
{
    private readonly IdentityKeyPair _hostIdentity = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _dialerIdentity = IdentityKeyPair.Generate();
    private readonly Guid _hostId = Guid.NewGuid();
    private readonly Guid _dialerId = Guid.NewGuid();

    /// <summary>Opens a session; the handshake time runs from the dial until the dialler holds confirmed keys.</summary>
    public async Task<(PeerConversation Host, PeerConversation Dialer, TimeSpan Handshake)> ConnectAsync(CancellationToken cancellationToken)
    {
        var sessionId = new SessionId(Guid.NewGuid());
        var listening = new TaskCompletionSource<(int Port, byte[] Fingerprint)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = PeerConnector.HostAsync(
            new PeerIntroduction(sessionId, _dialerId, "dialer", _dialerIdentity.PublicKey),
            _hostId,
            _hostIdentity,
            PeerOptions.Default,
            (port, fingerprint, _) =>
            {
                listening.TrySetResult((port, fingerprint));
                return Task.CompletedTask;
            },
            cancellationToken);
        var (port, fingerprint) = await listening.Task.WaitAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var dialer = await PeerConnector.DialAsync(
            new PeerIntroduction(sessionId, _hostId, "host", _hostIdentity.PublicKey),
            new HostEndpoint("127.0.0.1", port, fingerprint), _dialerId, _dialerIdentity, PeerOptions.Default, cancellationToken);
        var handshake = Stopwatch.GetElapsedTime(start);
        return (await host, dialer, handshake);
    }

    public void Dispose()
    {
        _hostIdentity.Dispose();
        _dialerIdentity.Dispose();
    }
}
