using LogChat.Protocol.Peer;
using NSec.Cryptography;

namespace LogChat.Protocol.Tests.Support;

/// <summary>A dialer's and a host's channel built straight from a fixed shared secret, without a handshake.</summary>
internal sealed class ChannelPair : IDisposable
{
    public static readonly byte[] SharedSecretBytes = [.. Enumerable.Range(1, 32).Select(value => (byte)value)];

    public static readonly byte[] TranscriptHash = [.. Enumerable.Range(100, 32).Select(value => (byte)value)];

    public ChannelPair(ulong framesPerKey = SecureChannel.FramesPerKey)
    {
        Dialer = new SecureChannel(PeerRole.Dialer, DeriveKeys(), TranscriptHash, framesPerKey);
        Host = new SecureChannel(PeerRole.Host, DeriveKeys(), TranscriptHash, framesPerKey);
    }

    public SecureChannel Dialer { get; }

    public SecureChannel Host { get; }

    /// <summary>The session keys of this pair, exportable, for checking frames independently.</summary>
    public static SessionKeys DeriveKeys(KeyExportPolicies exportPolicy = KeyExportPolicies.None)
    {
        using var sharedSecret = SharedSecret.Import(SharedSecretBytes, SharedSecretBlobFormat.RawSharedSecret);
        return SessionKeySchedule.Derive(sharedSecret, TranscriptHash, exportPolicy);
    }

    public void Dispose()
    {
        Dialer.Dispose();
        Host.Dispose();
    }
}
