using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The keys the handshake derives. Until a <see cref="SecureChannel"/> takes the chain secrets,
/// disposing it zeroes them all; after, it zeroes only the confirmation keys.
/// </summary>
internal sealed class SessionKeys(Key dialerConfirmation, Key hostConfirmation, SharedSecret dialerToHostChain, SharedSecret hostToDialerChain)
    : IDisposable
{
    /// <summary>HMAC-SHA256 key for the dialer's key confirmation.</summary>
    public Key DialerConfirmation { get; } = dialerConfirmation;

    /// <summary>HMAC-SHA256 key for the host's key confirmation.</summary>
    public Key HostConfirmation { get; } = hostConfirmation;

    /// <summary>Generation-0 chain secret of frames from the dialer to the host.</summary>
    public SharedSecret DialerToHostChain { get; } = dialerToHostChain;

    /// <summary>Generation-0 chain secret of frames from the host to the dialer.</summary>
    public SharedSecret HostToDialerChain { get; } = hostToDialerChain;

    /// <summary>The confirmation key of the side in <paramref name="role"/>.</summary>
    public Key ConfirmationOf(PeerRole role) => role == PeerRole.Dialer ? DialerConfirmation : HostConfirmation;

    /// <summary>The chain secret of frames sent by the side in <paramref name="sender"/>.</summary>
    public SharedSecret ChainFrom(PeerRole sender) => sender == PeerRole.Dialer ? DialerToHostChain : HostToDialerChain;

    /// <summary>Zeroes the confirmation keys: done once both confirmations are checked.</summary>
    public void DisposeConfirmationKeys()
    {
        DialerConfirmation.Dispose();
        HostConfirmation.Dispose();
    }

    public void Dispose()
    {
        DialerConfirmation.Dispose();
        HostConfirmation.Dispose();
        DialerToHostChain.Dispose();
        HostToDialerChain.Dispose();
    }
}
