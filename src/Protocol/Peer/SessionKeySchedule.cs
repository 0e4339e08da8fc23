using System.Text;
using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>
/// Every key of a session, derived with HKDF-SHA256 (docs/protocol.md, "Key schedule"):
/// from the X25519 shared secret with the transcript hash as salt, a confirmation key and a
/// chain secret per direction; from each chain secret, with an empty salt, that direction's
/// AES-256-GCM key and the next chain secret.
/// </summary>
internal static class SessionKeySchedule
{
    /// <summary>Info for the dialer's key-confirmation key.</summary>
    public const string DialerConfirmationLabel = "LogChat peer v1 confirmation dialer";

    /// <summary>Info for the host's key-confirmation key.</summary>
    public const string HostConfirmationLabel = "LogChat peer v1 confirmation host";

    /// <summary>Info for the first chain secret of frames from the dialer to the host.</summary>
    public const string DialerToHostChainLabel = "LogChat peer v1 chain dialer to host";

    /// <summary>Info for the first chain secret of frames from the host to the dialer.</summary>
    public const string HostToDialerChainLabel = "LogChat peer v1 chain host to dialer";

    /// <summary>Info for the AES-256-GCM key of one generation, from that generation's chain secret.</summary>
    public const string TrafficKeyLabel = "LogChat peer v1 traffic key";

    /// <summary>Info for the next generation's chain secret, from the current one.</summary>
    public const string NextChainLabel = "LogChat peer v1 next chain";

    /// <summary>The key-confirmation MAC.</summary>
    public static readonly MacAlgorithm ConfirmationMac = MacAlgorithm.HmacSha256;

    /// <summary>The frame cipher.</summary>
    public static readonly AeadAlgorithm FrameCipher = AeadAlgorithm.Aes256Gcm;

    /// <summary>Derives the keys of a session from its X25519 shared secret and transcript hash.</summary>
    public static SessionKeys Derive(SharedSecret sharedSecret, ReadOnlySpan<byte> transcriptHash, KeyExportPolicies exportPolicy = KeyExportPolicies.None)
    {
        var dialerConfirmation = KeyDerivation.DeriveKey(sharedSecret, transcriptHash, Label(DialerConfirmationLabel), ConfirmationMac, exportPolicy);
        var hostConfirmation = KeyDerivation.DeriveKey(sharedSecret, transcriptHash, Label(HostConfirmationLabel), ConfirmationMac, exportPolicy);
        var dialerToHost = KeyDerivation.DeriveSecret(sharedSecret, transcriptHash, Label(DialerToHostChainLabel), exportPolicy);
        var hostToDialer = KeyDerivation.DeriveSecret(sharedSecret, transcriptHash, Label(HostToDialerChainLabel), exportPolicy);
        return new SessionKeys(dialerConfirmation, hostConfirmation, dialerToHost, hostToDialer);
    }

    /// <summary>The AES-256-GCM key of the generation <paramref name="chain"/> belongs to.</summary>
    public static Key TrafficKey(SharedSecret chain, KeyExportPolicies exportPolicy = KeyExportPolicies.None) =>
        KeyDerivation.DeriveKey(chain, [], Label(TrafficKeyLabel), FrameCipher, exportPolicy);

    /// <summary>The chain secret of the generation after the one <paramref name="chain"/> belongs to.</summary>
    public static SharedSecret NextChain(SharedSecret chain, KeyExportPolicies exportPolicy = KeyExportPolicies.None) =>
        KeyDerivation.DeriveSecret(chain, [], Label(NextChainLabel), exportPolicy);

    private static byte[] Label(string label) => Encoding.ASCII.GetBytes(label);
}
