using System.Security.Cryptography;
using Google.Protobuf;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Tests.Support;
using NSec.Cryptography;

namespace LogChat.Protocol.Tests.Channels;

public sealed class SecureChannelTests
{
    [Fact]
    public void Frames_carry_consecutive_counters_from_zero()
    {
        using var pair = new ChannelPair();

        Assert.Equal([0UL, 1UL, 2UL], Enumerable.Range(0, 3).Select(i => pair.Dialer.Seal(Text("x")).Counter));
        Assert.Equal(0UL, pair.Host.Seal(Text("y")).Counter);
    }

    [Fact]
    public void A_tampered_frame_is_refused_and_the_channel_then_refuses_everything()
    {
        using var pair = new ChannelPair();
        var frame = pair.Dialer.Seal(Text("hello"));
        var tampered = frame.Clone();
        var bytes = tampered.Ciphertext.ToByteArray();
        bytes[3] ^= 0x20;
        tampered.Ciphertext = ByteString.CopyFrom(bytes);

        var failure = Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(tampered));
        Assert.Contains("forged", failure.Message, StringComparison.Ordinal);
        Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(frame));
        Assert.Throws<InvalidOperationException>(() => pair.Host.Seal(Text("anyone?")));
    }

    [Fact]
    public void A_replayed_frame_is_refused()
    {
        using var pair = new ChannelPair();
        var frame = pair.Dialer.Seal(Text("once"));
        pair.Host.Open(frame);

        var failure = Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(frame));

        Assert.Contains("replayed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reordered_frame_is_refused()
    {
        using var pair = new ChannelPair();
        pair.Dialer.Seal(Text("first"));
        var second = pair.Dialer.Seal(Text("second"));

        var failure = Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(second));

        Assert.Contains("out of order", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_whose_counter_was_rewritten_to_the_expected_one_is_refused()
    {
        using var pair = new ChannelPair();
        pair.Dialer.Seal(Text("dropped by an attacker"));
        var next = pair.Dialer.Seal(Text("renumbered"));
        next.Counter = 0;

        var failure = Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(next));

        Assert.Contains("forged", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_frame_is_refused_before_decrypting()
    {
        using var pair = new ChannelPair();
        var oversized = new SealedFrame { Counter = 0, Ciphertext = ByteString.CopyFrom(new byte[SecureChannel.MaxCiphertextBytes + 1]) };

        var failure = Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(oversized));

        Assert.Contains("larger than", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(200)]
    public void Garbage_is_refused(int length)
    {
        using var pair = new ChannelPair();
        var garbage = new SealedFrame { Counter = 0, Ciphertext = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(length)) };

        Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(garbage));
    }

    [Fact]
    public void A_frame_reflected_back_to_its_sender_is_refused()
    {
        using var pair = new ChannelPair();

        Assert.Throws<ProtocolViolationException>(() => pair.Dialer.Open(pair.Dialer.Seal(Text("echo"))));
    }

    [Fact]
    public void The_longest_chat_text_fits_and_a_larger_payload_cannot_be_sealed()
    {
        using var pair = new ChannelPair();
        var longest = new string('a', SecureChannel.MaxChatTextBytes);

        Assert.Equal(longest, pair.Host.Open(pair.Dialer.Seal(Text(longest))).Text.Text);
        Assert.Throws<ProtocolViolationException>(() => pair.Dialer.Seal(Text(new string('a', SecureChannel.MaxPlaintextBytes))));
        Assert.Equal("still fine", pair.Host.Open(pair.Dialer.Seal(Text("still fine"))).Text.Text);
    }

    [Fact]
    public void The_largest_frame_with_the_last_counter_is_exactly_the_largest_peer_message_of_65827_bytes()
    {
        using var pair = new ChannelPair();
        var payload = new PeerPayload { Text = new ChatText { Text = new string('a', SecureChannel.MaxPlaintextBytes - 8) } };
        Assert.Equal(SecureChannel.MaxPlaintextBytes, payload.CalculateSize());

        var frame = pair.Dialer.Seal(payload);
        var message = new PeerMessage { Frame = frame };
        message.Frame.Counter = SecureChannel.MaxFramesPerDirection - 1;

        Assert.Equal(SecureChannel.MaxCiphertextBytes, frame.Ciphertext.Length);
        Assert.Equal((65827, SecureChannel.MaxPeerMessageBytes), (SecureChannel.MaxPeerMessageBytes, message.CalculateSize()));
    }

    [Fact]
    public void A_payload_kind_from_a_newer_peer_opens_as_an_unknown_kind()
    {
        using var pair = new ChannelPair();
        var newer = PeerPayload.Parser.ParseFrom([0x7a, 0x02, 0x08, 0x01]);

        Assert.Equal(PeerPayload.KindOneofCase.None, pair.Host.Open(pair.Dialer.Seal(newer)).KindCase);
    }

    /// <summary>
    /// A serialized payload, sealed as the dialer's frame 0 | what the host makes of it. Text that is not UTF-8 is refused
    /// (the frame ends the session); every other encoding a protobuf parser takes is read as protobuf says: the last of
    /// duplicate fields wins, unknown fields are skipped, longer-than-needed varints are read.
    /// </summary>
    [Theory]
    [InlineData("0a050a03616263", "text abc")]
    [InlineData("0a030a01ff", "refused")]
    [InlineData("0a040a02c328", "refused")]
    [InlineData("1a050a03616263", "close abc")]
    [InlineData("1a030a01ff", "refused")]
    [InlineData("0a030a01610a030a0162", "text b")]
    [InlineData("0a030a01611200", "heartbeat")]
    [InlineData("0a050a016110070a030a0162", "text b")]
    [InlineData("0a83000a0161", "text a")]
    [InlineData("0a050a0161", "refused")]
    public void A_payload_is_read_by_protobuf_s_rules_and_text_must_be_UTF_8(string plaintextHex, string outcome)
    {
        using var pair = new ChannelPair();
        var frame = SealAsDialer(Convert.FromHexString(plaintextHex));

        string Opened()
        {
            var payload = pair.Host.Open(frame);
            return payload.KindCase switch
            {
                PeerPayload.KindOneofCase.Text => $"text {payload.Text.Text}",
                PeerPayload.KindOneofCase.Close => $"close {payload.Close.Reason}",
                PeerPayload.KindOneofCase.Heartbeat => "heartbeat",
                _ => "unknown",
            };
        }

        if (outcome == "refused")
        {
            Assert.Throws<ProtocolViolationException>(Opened);
        }
        else
        {
            Assert.Equal(outcome, Opened());
        }
    }

    [Fact]
    public void Keys_ratchet_at_the_fixed_frame_count_and_both_sides_follow()
    {
        const ulong framesPerKey = 3;
        using var pair = new ChannelPair(framesPerKey);
        var frames = Enumerable.Range(0, 10).Select(i => pair.Dialer.Seal(Text($"m{i}"))).ToList();

        Assert.All(frames, (frame, i) => Assert.Equal($"m{i}", pair.Host.Open(frame).Text.Text));
        Assert.Equal("m4", OpenWithGeneration(frames[4], 1).Text.Text);
        Assert.Null(OpenWithGenerationOrNull(frames[4], 0));
    }

    [Fact]
    public void A_disposed_channel_refuses_to_seal_or_open()
    {
        var pair = new ChannelPair();
        var frame = pair.Dialer.Seal(Text("late"));
        pair.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pair.Dialer.Seal(Text("again")));
        Assert.Throws<ObjectDisposedException>(() => pair.Host.Open(frame));
    }

    [Fact]
    public void The_nonce_is_four_zero_bytes_then_the_counter_big_endian()
    {
        Assert.Equal("000000000102030405060708", Convert.ToHexStringLower(SecureChannel.Nonce(0x0102030405060708)));
    }

    private static PeerPayload Text(string text) => new() { Text = new ChatText { Text = text } };

    private static PeerPayload OpenWithGeneration(SealedFrame frame, int generation) =>
        OpenWithGenerationOrNull(frame, generation) ?? throw new InvalidOperationException("The frame did not open.");

    /// <summary>Seals any bytes as the dialer's frame 0 with the BCL's AES-GCM, as a peer with another encoder would.</summary>
    private static SealedFrame SealAsDialer(byte[] plaintext)
    {
        using var keys = ChannelPair.DeriveKeys(KeyExportPolicies.AllowPlaintextExport);
        using var trafficKey = SessionKeySchedule.TrafficKey(keys.DialerToHostChain, KeyExportPolicies.AllowPlaintextExport);
        using var aes = new AesGcm(trafficKey.Export(KeyBlobFormat.RawSymmetricKey), SecureChannel.TagSize);
        var ciphertext = new byte[plaintext.Length + SecureChannel.TagSize];
        aes.Encrypt(SecureChannel.Nonce(0), plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length));
        return new SealedFrame { Counter = 0, Ciphertext = ByteString.CopyFrom(ciphertext) };
    }

    /// <summary>Opens a dialer frame with the BCL's AES-GCM under the dialer-to-host key of one generation.</summary>
    private static PeerPayload? OpenWithGenerationOrNull(SealedFrame frame, int generation)
    {
        using var keys = ChannelPair.DeriveKeys(KeyExportPolicies.AllowPlaintextExport);
        var chain = keys.DialerToHostChain;
        var owned = new List<SharedSecret>();
        for (var i = 0; i < generation; i++)
        {
            chain = SessionKeySchedule.NextChain(chain, KeyExportPolicies.AllowPlaintextExport);
            owned.Add(chain);
        }

        using var trafficKey = SessionKeySchedule.TrafficKey(chain, KeyExportPolicies.AllowPlaintextExport);
        owned.ForEach(secret => secret.Dispose());
        using var aes = new AesGcm(trafficKey.Export(KeyBlobFormat.RawSymmetricKey), SecureChannel.TagSize);
        var ciphertext = frame.Ciphertext.Span;
        var plaintext = new byte[ciphertext.Length - SecureChannel.TagSize];
        try
        {
            aes.Decrypt(SecureChannel.Nonce(frame.Counter), ciphertext[..^SecureChannel.TagSize], ciphertext[^SecureChannel.TagSize..], plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return PeerPayload.Parser.ParseFrom(plaintext);
    }
}
