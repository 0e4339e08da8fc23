using Google.Protobuf;
using LogChat.Protocol.Peer.V1;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The exact shape of each handshake message: every fixed-size field has its size and there is
/// no field this version does not know, so the transcript covers every byte a peer accepted.
/// </summary>
internal static class HandshakeMessages
{
    /// <summary>Size of the session id field.</summary>
    public const int SessionIdSize = HandshakeContext.UuidSize;

    /// <summary>Size of an ephemeral public key field.</summary>
    public const int EphemeralKeySize = EphemeralKeyPair.PublicKeySize;

    /// <summary>Size of a signature field.</summary>
    public const int SignatureSize = IdentitySignature.Size;

    /// <summary>Size of a confirmation field (HMAC-SHA256).</summary>
    public const int ConfirmationSize = 32;

    /// <summary>What is wrong with the shape of a dialer hello, or null.</summary>
    public static string? ShapeError(DialerHello hello)
    {
        var known = new DialerHello
        {
            ProtocolVersion = hello.ProtocolVersion,
            SessionId = hello.SessionId,
            EphemeralPublicKey = hello.EphemeralPublicKey,
            Signature = hello.Signature,
        };
        return SizeError("session_id", hello.SessionId, SessionIdSize)
            ?? SizeError("ephemeral_public_key", hello.EphemeralPublicKey, EphemeralKeySize)
            ?? SizeError("signature", hello.Signature, SignatureSize)
            ?? UnknownFieldsError(hello, known);
    }

    /// <summary>What is wrong with the shape of a host hello, or null.</summary>
    public static string? ShapeError(HostHello hello)
    {
        var known = new HostHello
        {
            ProtocolVersion = hello.ProtocolVersion,
            SessionId = hello.SessionId,
            EphemeralPublicKey = hello.EphemeralPublicKey,
            Signature = hello.Signature,
            Confirmation = hello.Confirmation,
        };
        return SizeError("session_id", hello.SessionId, SessionIdSize)
            ?? SizeError("ephemeral_public_key", hello.EphemeralPublicKey, EphemeralKeySize)
            ?? SizeError("signature", hello.Signature, SignatureSize)
            ?? SizeError("confirmation", hello.Confirmation, ConfirmationSize)
            ?? UnknownFieldsError(hello, known);
    }

    /// <summary>What is wrong with the shape of a dialer finished, or null.</summary>
    public static string? ShapeError(DialerFinished finished) =>
        SizeError("confirmation", finished.Confirmation, ConfirmationSize)
        ?? UnknownFieldsError(finished, new DialerFinished { Confirmation = finished.Confirmation });

    private static string? SizeError(string field, ByteString value, int size) =>
        value.Length == size ? null : $"The peer's handshake field {field} has {value.Length} bytes instead of {size}.";

    private static string? UnknownFieldsError(IMessage received, IMessage known) =>
        received.CalculateSize() == known.CalculateSize() ? null : "The peer's handshake message has fields this version does not know.";
}
