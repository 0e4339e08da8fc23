using Google.Protobuf;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Tests.Support;

namespace LogChat.Protocol.Tests.Channels;

/// <summary>Sealing and opening into buffers the caller keeps: the same frames as the message form, and no allocation.</summary>
public sealed class SecureChannelBufferTests
{
    [Fact]
    public void A_frame_sealed_into_a_buffer_opens_as_a_message_and_the_other_way_round()
    {
        using var pair = new ChannelPair();
        var payload = Text("into a buffer");
        var ciphertext = new byte[SecureChannel.SealedSize(payload)];

        var length = pair.Dialer.Seal(payload, ciphertext, out var counter);

        Assert.Equal((ciphertext.Length, 0UL), (length, counter));
        var opened = pair.Host.Open(new SealedFrame { Counter = counter, Ciphertext = ByteString.CopyFrom(ciphertext) });
        Assert.Equal("into a buffer", opened.Text.Text);

        var reply = pair.Host.Seal(Text("as a message"));
        var plaintext = new byte[SecureChannel.MaxPlaintextBytes];
        var plaintextLength = pair.Dialer.Open(reply.Counter, reply.Ciphertext.Span, plaintext);
        Assert.Equal("as a message", PeerPayload.Parser.ParseFrom(plaintext.AsSpan(0, plaintextLength)).Text.Text);
    }

    [Fact]
    public void A_buffer_too_short_is_refused_without_using_up_a_counter()
    {
        using var pair = new ChannelPair();
        var payload = Text("hello");

        Assert.Throws<ArgumentException>(() => pair.Dialer.Seal(payload, new byte[SecureChannel.SealedSize(payload) - 1], out _));

        Assert.Equal(0UL, pair.Dialer.Seal(payload).Counter);
    }

    [Fact]
    public void A_forged_frame_opened_into_a_buffer_fails_the_channel()
    {
        using var pair = new ChannelPair();
        var ciphertext = new byte[SecureChannel.SealedSize(Text("hello"))];
        pair.Dialer.Seal(Text("hello"), ciphertext, out var counter);
        ciphertext[0] ^= 1;

        Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(counter, ciphertext, new byte[ciphertext.Length]));
        Assert.Throws<ProtocolViolationException>(() => pair.Host.Open(pair.Dialer.Seal(Text("later"))));
    }

    [Fact]
    public void A_seal_that_fails_leaves_no_plaintext_in_the_buffer()
    {
        var pair = new ChannelPair();
        pair.Dispose();
        var payload = Text("never leaves");
        var ciphertext = new byte[SecureChannel.SealedSize(payload)];

        Assert.Throws<ObjectDisposedException>(() => pair.Dialer.Seal(payload, ciphertext, out _));

        Assert.All(ciphertext, value => Assert.Equal(0, value));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(SecureChannel.MaxChatTextBytes)]
    public void Sealing_and_opening_into_buffers_allocate_nothing_once_warm(int textBytes)
    {
        using var pair = new ChannelPair();
        var payload = Text(new string('m', textBytes));
        var ciphertext = new byte[SecureChannel.MaxCiphertextBytes];
        var plaintext = new byte[SecureChannel.MaxPlaintextBytes];
        RoundTrip(pair, payload, ciphertext, plaintext);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RoundTrip(pair, payload, ciphertext, plaintext);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RoundTrip(ChannelPair pair, PeerPayload payload, byte[] ciphertext, byte[] plaintext)
    {
        var length = pair.Dialer.Seal(payload, ciphertext, out var counter);
        pair.Host.Open(counter, ciphertext.AsSpan(0, length), plaintext);
    }

    private static PeerPayload Text(string text) => new() { Text = new ChatText { Text = text } };
}
