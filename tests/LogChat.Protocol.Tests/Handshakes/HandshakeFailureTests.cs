using Google.Protobuf;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Sessions;
using LogChat.Protocol.Tests.Support;
using LogChat.Testing;

namespace LogChat.Protocol.Tests.Handshakes;

/// <summary>Handshakes that must fail, and fail with a clear message on the side that detects it.</summary>
public sealed class HandshakeFailureTests
{
    [Fact]
    public async Task A_host_expecting_another_identity_key_refuses_the_dialer()
    {
        using var peers = new TestPeers();
        using var mallory = IdentityKeyPair.Generate();

        var run = await HandshakeRun.RunAsync(peers.Dialer with { LocalIdentity = mallory }, peers.Host);

        await AssertFailsAsync(run.Host, "signature");
        await AssertFailsAsync(run.Dialer, "ended the connection");
    }

    [Fact]
    public async Task A_host_that_signs_with_another_identity_key_is_refused_by_the_dialer()
    {
        using var peers = new TestPeers();
        using var mallory = IdentityKeyPair.Generate();
        var (dialerEnd, malloryEnd) = InMemoryPeerTransport.CreatePair();

        var dialer = HandshakeRun.RunSideAsync(peers.Dialer, dialerEnd, CancellationToken.None);
        var dialerHello = (await malloryEnd.ReceiveAsync(CancellationToken.None))!.DialerHello;
        await malloryEnd.InjectAsync(ImpersonateBob(peers, mallory, dialerHello));

        await AssertFailsAsync(dialer, "signature");
    }

    [Fact]
    public async Task A_swapped_dialer_ephemeral_key_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, _) =>
            dialer.Rewrite = message => Rewritten(message, m => m.DialerHello.EphemeralPublicKey = FreshEphemeralKey()));

        await AssertFailsAsync(run.Host, "signature");
    }

    [Fact]
    public async Task A_swapped_host_ephemeral_key_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (_, host) =>
            host.Rewrite = message => Rewritten(message, m => m.HostHello.EphemeralPublicKey = FreshEphemeralKey()));

        await AssertFailsAsync(run.Dialer, "signature");
    }

    [Fact]
    public async Task A_host_hello_replayed_from_an_earlier_handshake_of_the_same_session_is_refused()
    {
        using var peers = new TestPeers();
        var earlier = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        var recordedHostHello = earlier.HostTransport.Sent.Single();
        var (dialerEnd, attackerEnd) = InMemoryPeerTransport.CreatePair();

        var dialer = HandshakeRun.RunSideAsync(peers.Dialer, dialerEnd, CancellationToken.None);
        await attackerEnd.ReceiveAsync(CancellationToken.None);
        await attackerEnd.InjectAsync(recordedHostHello);

        await AssertFailsAsync(dialer, "signature");
    }

    [Fact]
    public async Task A_replayed_dialer_hello_cannot_complete_the_handshake()
    {
        using var peers = new TestPeers();
        var earlier = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);
        var (attackerEnd, hostEnd) = InMemoryPeerTransport.CreatePair();

        var host = HandshakeRun.RunSideAsync(peers.Host, hostEnd, CancellationToken.None);
        await attackerEnd.InjectAsync(earlier.DialerTransport.Sent[0]);
        Assert.Equal(PeerMessage.KindOneofCase.HostHello, (await attackerEnd.ReceiveAsync(CancellationToken.None))!.KindCase);
        await attackerEnd.InjectAsync(earlier.DialerTransport.Sent[1]);

        await AssertFailsAsync(host, "key confirmation");
    }

    [Fact]
    public async Task A_host_that_reflects_the_dialer_ephemeral_key_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, host) =>
            host.Rewrite = message => Rewritten(message, m => m.HostHello.EphemeralPublicKey = dialer.Sent[0].DialerHello.EphemeralPublicKey));

        await AssertFailsAsync(run.Dialer, "own ephemeral key");
    }

    [Fact]
    public async Task A_low_order_ephemeral_key_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, _) =>
            dialer.Rewrite = message => Rewritten(message, m => m.DialerHello.EphemeralPublicKey = ByteString.CopyFrom(new byte[32])));

        await AssertFailsAsync(run.Host, "small order");
    }

    [Fact]
    public async Task A_handshake_for_another_session_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer with { SessionId = new SessionId(Guid.NewGuid()) }, peers.Host);

        await AssertFailsAsync(run.Host, "another session");
    }

    [Fact]
    public async Task A_transcript_from_another_session_is_refused_even_with_the_session_id_rewritten()
    {
        using var otherSession = new TestPeers();
        var other = await HandshakeRun.RunAsync(otherSession.Dialer, otherSession.Host);
        using var peers = new TestPeers();
        var sameUsers = new HandshakeParameters(
            peers.SessionId, PeerRole.Host, otherSession.BobId, otherSession.Bob, otherSession.AliceId, otherSession.Alice.PublicKey);
        var (attackerEnd, hostEnd) = InMemoryPeerTransport.CreatePair();

        var host = HandshakeRun.RunSideAsync(sameUsers, hostEnd, CancellationToken.None);
        await attackerEnd.InjectAsync(Rewritten(other.DialerTransport.Sent[0], m =>
            m.DialerHello.SessionId = ByteString.CopyFrom(peers.SessionId.Value.ToByteArray(bigEndian: true))));

        await AssertFailsAsync(host, "signature");
    }

    [Fact]
    public async Task A_forged_host_confirmation_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (_, host) =>
            host.Rewrite = message => Rewritten(message, m => m.HostHello.Confirmation = Flipped(m.HostHello.Confirmation)));

        await AssertFailsAsync(run.Dialer, "key confirmation");
    }

    [Fact]
    public async Task A_forged_dialer_confirmation_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, _) =>
            dialer.Rewrite = message => message.KindCase == PeerMessage.KindOneofCase.DialerFinished
                ? Rewritten(message, m => m.DialerFinished.Confirmation = Flipped(m.DialerFinished.Confirmation))
                : message);

        await AssertFailsAsync(run.Host, "key confirmation");
    }

    [Fact]
    public async Task A_tampered_signature_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, _) =>
            dialer.Rewrite = message => message.KindCase == PeerMessage.KindOneofCase.DialerHello
                ? Rewritten(message, m => m.DialerHello.Signature = Flipped(m.DialerHello.Signature))
                : message);

        await AssertFailsAsync(run.Host, "signature");
    }

    [Theory]
    [InlineData(PeerRole.Host, 2u)]
    [InlineData(PeerRole.Dialer, 7u)]
    public async Task Another_protocol_version_is_refused_with_both_versions_named(PeerRole refusing, uint otherVersion)
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, host) =>
        {
            if (refusing == PeerRole.Host)
            {
                dialer.Rewrite = message => Rewritten(message, m => m.DialerHello.ProtocolVersion = otherVersion);
            }
            else
            {
                host.Rewrite = message => Rewritten(message, m => m.HostHello.ProtocolVersion = otherVersion);
            }
        });

        var failure = await AssertFailsAsync(
            refusing == PeerRole.Host ? run.Host : run.Dialer, $"The peer speaks peer protocol {otherVersion}; this logchat speaks peer protocol 1.");
        Assert.Equal(otherVersion, failure.PeerProtocolVersion);
    }

    [Fact]
    public async Task Application_data_before_key_confirmation_is_refused()
    {
        using var peers = new TestPeers();
        var (attackerEnd, hostEnd) = InMemoryPeerTransport.CreatePair();
        var earlier = await HandshakeRun.RunAsync(peers.Dialer, peers.Host);

        var host = HandshakeRun.RunSideAsync(peers.Host, hostEnd, CancellationToken.None);
        await attackerEnd.InjectAsync(earlier.DialerTransport.Sent[0]);
        await attackerEnd.ReceiveAsync(CancellationToken.None);
        await attackerEnd.InjectAsync(new PeerMessage { Frame = new SealedFrame { Counter = 0, Ciphertext = ByteString.CopyFrom(new byte[40]) } });

        await AssertFailsAsync(host, "a sealed frame where a dialer finished was expected");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("frame first")]
    [InlineData("short session id")]
    [InlineData("long ephemeral key")]
    [InlineData("short signature")]
    [InlineData("unknown field")]
    [InlineData("unknown field around the hello")]
    public async Task A_garbage_first_message_is_refused(string garbage)
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, _) =>
            dialer.Rewrite = message => Garbled(message, garbage));

        await AssertFailsAsync(run.Host, "peer");
        await AssertFailsAsync(run.Dialer, "ended the connection");
    }

    [Fact]
    public async Task An_oversized_handshake_message_is_refused()
    {
        using var peers = new TestPeers();

        var run = await HandshakeRun.RunAsync(peers.Dialer, peers.Host, (dialer, _) =>
            dialer.Rewrite = message => Rewritten(message, m => m.DialerHello.Signature = ByteString.CopyFrom(new byte[1000])));

        await AssertFailsAsync(run.Host, "the limit is 256");
    }

    [Fact]
    public async Task The_end_of_the_stream_during_the_handshake_fails_it()
    {
        using var peers = new TestPeers();
        var (dialerEnd, hostEnd) = InMemoryPeerTransport.CreatePair();

        dialerEnd.Complete();

        await AssertFailsAsync(HandshakeRun.RunSideAsync(peers.Host, hostEnd, CancellationToken.None), "ended the connection");
    }

    [Fact]
    public async Task A_broken_transport_fails_the_handshake_with_the_cause_attached()
    {
        using var peers = new TestPeers();

        var failure = await Assert.ThrowsAsync<HandshakeFailedException>(() => PeerHandshake.RunAsync(peers.Dialer, new BrokenTransport(), CancellationToken.None));

        Assert.IsType<IOException>(failure.InnerException);
    }

    [Fact]
    public async Task A_cancelled_handshake_throws_OperationCanceledException()
    {
        using var peers = new TestPeers();
        var (_, hostEnd) = InMemoryPeerTransport.CreatePair();
        using var cancellation = new CancellationTokenSource();

        var host = PeerHandshake.RunAsync(peers.Host, hostEnd, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host);
    }

    [Fact]
    public async Task An_expected_identity_key_that_is_not_a_valid_key_fails_the_handshake()
    {
        using var peers = new TestPeers();
        var (dialerEnd, _) = InMemoryPeerTransport.CreatePair();

        await AssertFailsAsync(PeerHandshake.RunAsync(peers.Dialer with { RemoteIdentityPublicKey = new byte[32] }, dialerEnd, CancellationToken.None), "not a valid");
    }

    private static async Task<HandshakeFailedException> AssertFailsAsync(Task<SecureChannel> side, string expectedInMessage)
    {
        var failure = await Assert.ThrowsAsync<HandshakeFailedException>(() => side);
        Assert.Contains(expectedInMessage, failure.Message, StringComparison.Ordinal);
        return failure;
    }

    /// <summary>
    /// Mallory answers as Bob would, with the right session, users and keys in the statement and
    /// a valid key confirmation, but she can only sign it with her own identity key.
    /// </summary>
    private static PeerMessage ImpersonateBob(TestPeers peers, IdentityKeyPair mallory, DialerHello dialerHello)
    {
        using var transcript = new HandshakeTranscript(HandshakeContext.From(peers.Host));
        using var ephemeral = EphemeralKeyPair.Generate();
        transcript.AppendEphemeral(PeerRole.Dialer, dialerHello.EphemeralPublicKey.Span);
        transcript.AppendSignature(dialerHello.Signature.Span);
        transcript.AppendEphemeral(PeerRole.Host, ephemeral.PublicKey);
        var signature = mallory.Sign(transcript.SignedStatement(PeerRole.Host, ephemeral.PublicKey));
        transcript.AppendSignature(signature);
        using var sharedSecret = ephemeral.Agree(dialerHello.EphemeralPublicKey.Span)!;
        using var keys = SessionKeySchedule.Derive(sharedSecret, transcript.CurrentHash());
        return new PeerMessage
        {
            HostHello = new HostHello
            {
                ProtocolVersion = 1,
                SessionId = dialerHello.SessionId,
                EphemeralPublicKey = ByteString.CopyFrom(ephemeral.PublicKey),
                Signature = ByteString.CopyFrom(signature),
                Confirmation = ByteString.CopyFrom(SessionKeySchedule.ConfirmationMac.Mac(keys.HostConfirmation, transcript.CurrentHash())),
            },
        };
    }

    private static PeerMessage Rewritten(PeerMessage message, Action<PeerMessage> change)
    {
        var copy = message.Clone();
        change(copy);
        return copy;
    }

    private static ByteString Flipped(ByteString value)
    {
        var bytes = value.ToByteArray();
        bytes[0] ^= 1;
        return ByteString.CopyFrom(bytes);
    }

    private static ByteString FreshEphemeralKey()
    {
        using var key = EphemeralKeyPair.Generate();
        return ByteString.CopyFrom(key.PublicKey);
    }

    private static PeerMessage Garbled(PeerMessage message, string garbage) => garbage switch
    {
        "empty" => new PeerMessage(),
        "frame first" => new PeerMessage { Frame = new SealedFrame { Counter = 0, Ciphertext = ByteString.CopyFrom(new byte[40]) } },
        "short session id" => Rewritten(message, m => m.DialerHello.SessionId = ByteString.CopyFrom(new byte[15])),
        "long ephemeral key" => Rewritten(message, m => m.DialerHello.EphemeralPublicKey = ByteString.CopyFrom(new byte[33])),
        "short signature" => Rewritten(message, m => m.DialerHello.Signature = ByteString.CopyFrom(new byte[63])),
        "unknown field" => new PeerMessage { DialerHello = DialerHello.Parser.ParseFrom([.. message.DialerHello.ToByteArray(), 0x78, 0x01]) },
        "unknown field around the hello" => PeerMessage.Parser.ParseFrom([.. message.ToByteArray(), 0x78, 0x01]),
        _ => throw new ArgumentOutOfRangeException(nameof(garbage)),
    };

    private sealed class BrokenTransport : IPeerMessageTransport
    {
        public Task SendAsync(PeerMessage message, CancellationToken cancellationToken) => throw new IOException("connection reset");

        public Task<PeerMessage?> ReceiveAsync(CancellationToken cancellationToken) => throw new IOException("connection reset");
    }
}
