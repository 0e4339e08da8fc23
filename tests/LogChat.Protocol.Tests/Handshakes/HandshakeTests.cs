using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Tests.Support;
using LogChat.Testing;

namespace LogChat.Protocol.Tests.Handshakes;

public sealed class HandshakeTests
{
    [Fact]
    public async Task A_dialer_and_a_host_complete_the_handshake_and_talk_both_ways_over_the_stream()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        using var dialer = await run.Dialer;
        using var host = await run.Host;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"alice {i}", (await RelayAsync(dialer, run.DialerTransport, host, run.HostTransport, Text($"alice {i}"))).Text.Text);
            Assert.Equal($"bob {i}", (await RelayAsync(host, run.HostTransport, dialer, run.DialerTransport, Text($"bob {i}"))).Text.Text);
        }

        var heartbeat = await RelayAsync(dialer, run.DialerTransport, host, run.HostTransport, new PeerPayload { Heartbeat = new Heartbeat() });
        var close = await RelayAsync(host, run.HostTransport, dialer, run.DialerTransport, new PeerPayload { Close = new Close { Reason = "user_left" } });
        Assert.Equal(PeerPayload.KindOneofCase.Heartbeat, heartbeat.KindCase);
        Assert.Equal("user_left", close.Close.Reason);
    }

    [Fact]
    public async Task Both_sides_end_with_the_same_transcript_hash_and_each_session_has_its_own()
    {
        using var peers = new TestPeers();

        var first = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        var second = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        using var firstDialer = await first.Dialer;
        using var firstHost = await first.Host;
        using var secondDialer = await second.Dialer;
        using var secondHost = await second.Host;

        Assert.Equal(firstDialer.TranscriptHash, firstHost.TranscriptHash);
        Assert.Equal(32, firstDialer.TranscriptHash.Length);
        Assert.NotEqual(firstDialer.TranscriptHash, secondDialer.TranscriptHash);
    }

    [Fact]
    public async Task The_handshake_is_dialer_hello_then_host_hello_then_dialer_finished()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        using var dialer = await run.Dialer;
        using var host = await run.Host;

        Assert.Equal(
            [PeerMessage.KindOneofCase.DialerHello, PeerMessage.KindOneofCase.DialerFinished],
            run.DialerTransport.Sent.Select(message => message.KindCase));
        Assert.Equal([PeerMessage.KindOneofCase.HostHello], run.HostTransport.Sent.Select(message => message.KindCase));
        Assert.All(run.DialerTransport.Sent.Concat(run.HostTransport.Sent), message => Assert.True(message.CalculateSize() <= Handshake.MaxHandshakeMessageBytes));
    }

    [Fact]
    public async Task A_frame_sealed_in_one_session_does_not_open_in_another()
    {
        using var peers = new TestPeers();
        var first = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        var second = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        using var firstDialer = await first.Dialer;
        using var secondHost = await second.Host;

        Assert.Throws<ProtocolViolationException>(() => secondHost.Open(firstDialer.Seal(Text("hello"))));
    }

    /// <summary>Seals on one side, carries the frame over the in-memory stream and opens it on the other.</summary>
    private static async Task<PeerPayload> RelayAsync(
        SecureChannel sender, InMemoryPeerTransport senderEnd, SecureChannel receiver, InMemoryPeerTransport receiverEnd, PeerPayload payload)
    {
        await senderEnd.SendAsync(new PeerMessage { Frame = sender.Seal(payload) }, CancellationToken.None);
        var message = await receiverEnd.ReceiveAsync(CancellationToken.None);
        Assert.NotNull(message);
        return receiver.Open(message.Frame);
    }

    private static PeerPayload Text(string text) => new() { Text = new ChatText { Text = text } };
}
