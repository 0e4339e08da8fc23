using System.Diagnostics;
using System.Net;
using LogChat.Client.Peer;
using LogChat.Client.Peer.Relay;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;

namespace LogChat.Bench.Load.Peer;

/// <summary>
/// Two LogChat peers in this process, connected as the product connects them (host listener with a fresh
/// pinned certificate, TLS, handshake, conversation), with the coordinator's part played directly: directly over
/// loopback, or through a relay as the ladder's last rung does (the host serves TLS over its relay connection).
/// </summary>
public sealed class PeerSessionRig : IAsyncDisposable
{
    private readonly IdentityKeyPair _hostIdentity = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _dialerIdentity = IdentityKeyPair.Generate();
    private readonly Guid _hostId = Guid.NewGuid();
    private readonly Guid _dialerId = Guid.NewGuid();
    private PeerListener? _relayedSessions;

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

    /// <summary>Opens a session whose two sides meet through <paramref name="relay"/>, each with its ticket.</summary>
    public async Task<(PeerConversation Host, PeerConversation Dialer)> ConnectThroughRelayAsync(RelayTarget relay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        _relayedSessions ??= await PeerListener.StartAsync(IPAddress.Loopback, 0, cancellationToken);
        var sessionId = new SessionId(Guid.NewGuid());
        var ready = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = PeerConnector.HostAsync(
            _relayedSessions,
            new PeerIntroduction(sessionId, _dialerId, "dialer", _dialerIdentity.PublicKey),
            _hostId,
            _hostIdentity,
            PeerOptions.Default,
            (_, fingerprint, _) =>
            {
                ready.TrySetResult(fingerprint);
                return Task.CompletedTask;
            },
            cancellationToken);
        var fingerprint = await ready.Task.WaitAsync(cancellationToken);
        var hostConnection = RelayConnector.ConnectAsync(relay.Endpoint, relay.Ticket(sessionId, RelaySide.Host), cancellationToken);
        var dialerConnection = RelayConnector.ConnectAsync(relay.Endpoint, relay.Ticket(sessionId, RelaySide.Dialer), cancellationToken);
        _relayedSessions.ServePunched(await hostConnection);
        var dialer = await PeerConnector.DialOverAsync(
            new PeerIntroduction(sessionId, _hostId, "host", _hostIdentity.PublicKey),
            await dialerConnection, fingerprint, _dialerId, _dialerIdentity, PeerOptions.Default, cancellationToken);
        return (await host, dialer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_relayedSessions is not null)
        {
            await _relayedSessions.DisposeAsync();
        }

        _hostIdentity.Dispose();
        _dialerIdentity.Dispose();
    }
}
