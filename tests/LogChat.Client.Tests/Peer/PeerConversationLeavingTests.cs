using LogChat.Client.Peer;
using LogChat.Client.Sessions;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;
using LogChat.Testing;

namespace LogChat.Client.Tests.Peer;

/// <summary>
/// Leaving ends a chat as completed even when the connection goes at the same moment (the peer read the close frame
/// and hung up first, or vanished): the user asked for the end, so it is not a lost peer, and <c>chat</c> exits 0.
/// </summary>
public sealed class PeerConversationLeavingTests : IDisposable
{
    private static readonly TimeSpan Patience = PeerTestHosting.Patience;
    private static readonly HeartbeatOptions Quiet = new(TimeSpan.FromHours(1), TimeSpan.FromHours(2));
    private readonly IdentityKeyPair _dialerIdentity = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _hostIdentity = IdentityKeyPair.Generate();
    private readonly Guid _dialerId = Guid.NewGuid();
    private readonly Guid _hostId = Guid.NewGuid();

    [Fact]
    public async Task Leaving_when_the_close_frame_cannot_be_sent_because_the_peer_is_gone_ends_the_chat_as_completed()
    {
        var (dialer, transport) = await StartDialerAsync();
        await using (dialer)
        {
            await dialer.SendTextAsync("before leaving", CancellationToken.None);
            transport.Rewrite = _ => throw new IOException("The peer reset the connection.");

            var end = await dialer.CloseAsync(CancellationToken.None).WaitAsync(Patience);

            Assert.Equal(SessionEndReason.Completed, end.Reason);
            Assert.Equal("You left the chat.", end.Detail);
            Assert.Equal(2, transport.Sent.Count(message => message.KindCase == Protocol.Peer.V1.PeerMessage.KindOneofCase.Frame));
        }
    }

    [Fact]
    public async Task A_connection_that_breaks_while_staying_ends_the_chat_as_a_lost_peer()
    {
        var (dialer, transport) = await StartDialerAsync();
        await using (dialer)
        {
            transport.Rewrite = _ => throw new IOException("The peer reset the connection.");

            await Assert.ThrowsAsync<ConversationEndedException>(() => dialer.SendTextAsync("into the void", CancellationToken.None));
            var end = await dialer.Ended.WaitAsync(Patience);

            Assert.Equal(SessionEndReason.PeerDisconnected, end.Reason);
            Assert.Equal("The connection to host broke.", end.Detail);
        }
    }

    public void Dispose()
    {
        _dialerIdentity.Dispose();
        _hostIdentity.Dispose();
    }

    // A dialler's conversation after a real handshake over an in-memory stream; nobody reads the host's end.
    private async Task<(PeerConversation Dialer, InMemoryPeerTransport Transport)> StartDialerAsync()
    {
        var (dialerTransport, hostTransport) = InMemoryPeerTransport.CreatePair();
        var sessionId = new SessionId(Guid.NewGuid());
        var dialer = PeerHandshake.RunAsync(
            new HandshakeParameters(sessionId, PeerRole.Dialer, _dialerId, _dialerIdentity, _hostId, _hostIdentity.PublicKey), dialerTransport, CancellationToken.None);
        var host = PeerHandshake.RunAsync(
            new HandshakeParameters(sessionId, PeerRole.Host, _hostId, _hostIdentity, _dialerId, _dialerIdentity.PublicKey), hostTransport, CancellationToken.None);
        var dialerChannel = await dialer.WaitAsync(Patience);
        (await host.WaitAsync(Patience)).Dispose();
        return (PeerConversation.Start(dialerChannel, dialerTransport, new Hangup(dialerTransport), "host", Quiet), dialerTransport);
    }

    // The dialler's connection: closing it ends the dialler's stream towards the host.
    private sealed class Hangup(InMemoryPeerTransport transport) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            transport.Complete();
            return ValueTask.CompletedTask;
        }
    }
}
