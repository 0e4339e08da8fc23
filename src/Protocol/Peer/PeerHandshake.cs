using LogChat.Protocol.Peer.V1;

namespace LogChat.Protocol.Peer;

/// <summary>Runs the peer handshake over a transport (docs/protocol.md, "Handshake").</summary>
public static class PeerHandshake
{
    /// <summary>
    /// Runs the whole handshake, key confirmation included; the dialer speaks first. Returns the
    /// channel only once the peer has proven it holds the expected identity key and the session keys.
    /// </summary>
    /// <exception cref="HandshakeFailedException">
    /// Anything went wrong: wrong identity key, bad signature, another session, a replayed or
    /// swapped ephemeral key, garbage, an oversized or unexpected message, or the end of the stream.
    /// The message is safe to show to a user.
    /// </exception>
    /// <exception cref="OperationCanceledException">The handshake was cancelled.</exception>
    public static Task<SecureChannel> RunAsync(HandshakeParameters parameters, IPeerMessageTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transport);
        return RunAsync(parameters, transport, EphemeralKeyPair.Generate(), cancellationToken);
    }

    /// <summary>Runs the handshake with a given ephemeral key (owned from here on): the seam for test vectors.</summary>
    internal static async Task<SecureChannel> RunAsync(
        HandshakeParameters parameters, IPeerMessageTransport transport, EphemeralKeyPair ephemeral, CancellationToken cancellationToken)
    {
        using var handshake = new Handshake(parameters, ephemeral);
        var exchange = new Exchange(handshake, transport, cancellationToken);
        try
        {
            return parameters.Role == PeerRole.Dialer ? await exchange.DialAsync().ConfigureAwait(false) : await exchange.HostAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (HandshakeFailedException or OperationCanceledException))
        {
            throw handshake.Fail("The connection to the peer failed during the handshake.", exception);
        }
    }

    /// <summary>The message flow of each role, with the checks every received message goes through.</summary>
    private sealed class Exchange(Handshake handshake, IPeerMessageTransport transport, CancellationToken cancellationToken)
    {
        public async Task<SecureChannel> DialAsync()
        {
            await transport.SendAsync(handshake.WriteDialerHello(), cancellationToken).ConfigureAwait(false);
            var hostHello = await ReceiveAsync(PeerMessage.KindOneofCase.HostHello).ConfigureAwait(false);
            var (finished, channel) = handshake.ReadHostHello(hostHello.HostHello);
            try
            {
                await transport.SendAsync(finished, cancellationToken).ConfigureAwait(false);
                return channel;
            }
            catch
            {
                channel.Dispose();
                throw;
            }
        }

        public async Task<SecureChannel> HostAsync()
        {
            var dialerHello = await ReceiveAsync(PeerMessage.KindOneofCase.DialerHello).ConfigureAwait(false);
            await transport.SendAsync(handshake.ReadDialerHello(dialerHello.DialerHello), cancellationToken).ConfigureAwait(false);
            var finished = await ReceiveAsync(PeerMessage.KindOneofCase.DialerFinished).ConfigureAwait(false);
            return handshake.ReadDialerFinished(finished.DialerFinished);
        }

        private async Task<PeerMessage> ReceiveAsync(PeerMessage.KindOneofCase expected)
        {
            var message = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw handshake.Fail("The peer ended the connection during the handshake.");
            var size = message.CalculateSize();
            if (size > Handshake.MaxHandshakeMessageBytes)
            {
                throw handshake.Fail($"The peer sent a handshake message of {size} bytes; the limit is {Handshake.MaxHandshakeMessageBytes}.");
            }

            if (message.KindCase != expected)
            {
                throw handshake.Fail($"The peer sent {Describe(message.KindCase)} where {Describe(expected)} was expected.");
            }

            // Nothing may ride along outside the handshake message either: the transcript covers every accepted byte.
            if (size != KindOnly(message).CalculateSize())
            {
                throw handshake.Fail("The peer's handshake message has fields this version does not know.");
            }

            return message;
        }

        private static PeerMessage KindOnly(PeerMessage message) => message.KindCase switch
        {
            PeerMessage.KindOneofCase.DialerHello => new PeerMessage { DialerHello = message.DialerHello },
            PeerMessage.KindOneofCase.HostHello => new PeerMessage { HostHello = message.HostHello },
            _ => new PeerMessage { DialerFinished = message.DialerFinished },
        };

        private static string Describe(PeerMessage.KindOneofCase kind) => kind switch
        {
            PeerMessage.KindOneofCase.DialerHello => "a dialer hello",
            PeerMessage.KindOneofCase.HostHello => "a host hello",
            PeerMessage.KindOneofCase.DialerFinished => "a dialer finished",
            PeerMessage.KindOneofCase.Frame => "a sealed frame",
            _ => "an empty or unknown message",
        };
    }
}
