using System.Security.Cryptography;
using System.Text;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The running SHA-256 transcript of a handshake, and the statements each side signs.
/// Layout (docs/protocol.md, "Transcript"):
/// prologue || 0x01 || dialer ephemeral || dialer signature || 0x02 || host ephemeral || host signature.
/// </summary>
internal sealed class HandshakeTranscript : IDisposable
{
    /// <summary>Starts the prologue.</summary>
    public const string PrologueLabel = "LogChat peer handshake v1";

    /// <summary>Starts every signed statement.</summary>
    public const string SignatureLabel = "LogChat peer handshake signature v1";

    /// <summary>The version byte in the prologue and in signed statements.</summary>
    public const byte ProtocolVersion = 1;

    /// <summary>Marks the dialer's hello in the transcript, and the dialer's role in a signed statement.</summary>
    public const byte DialerMarker = 0x01;

    /// <summary>Marks the host's hello in the transcript, and the host's role in a signed statement.</summary>
    public const byte HostMarker = 0x02;

    /// <summary>Size of a transcript hash.</summary>
    public const int HashSize = 32;

    private readonly HandshakeContext _context;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _bytes = new();

    public HandshakeTranscript(HandshakeContext context)
    {
        _context = context;
        Append(Prologue(context));
    }

    /// <summary>Every transcript byte so far, for the published test vectors.</summary>
    public byte[] Bytes => _bytes.ToArray();

    /// <summary>SHA-256 of every transcript byte so far.</summary>
    public byte[] CurrentHash() => _hash.GetCurrentHash();

    /// <summary>Appends a hello's role marker and ephemeral public key.</summary>
    public void AppendEphemeral(PeerRole sender, ReadOnlySpan<byte> ephemeralPublicKey)
    {
        Append([Marker(sender)]);
        Append(ephemeralPublicKey);
    }

    /// <summary>Appends a hello's signature.</summary>
    public void AppendSignature(ReadOnlySpan<byte> signature) => Append(signature);

    /// <summary>
    /// The statement <paramref name="signer"/> signs once its ephemeral key is in the transcript:
    /// label || version || role || session id || dialer user id || host user id ||
    /// dialer identity key || host identity key || signer's ephemeral key || transcript hash so far.
    /// </summary>
    public byte[] SignedStatement(PeerRole signer, ReadOnlySpan<byte> signerEphemeralPublicKey)
    {
        using var statement = new MemoryStream();
        statement.Write(Encoding.ASCII.GetBytes(SignatureLabel));
        statement.WriteByte(ProtocolVersion);
        statement.WriteByte(Marker(signer));
        WriteContext(statement, _context);
        statement.Write(signerEphemeralPublicKey);
        statement.Write(CurrentHash());
        return statement.ToArray();
    }

    public void Dispose()
    {
        _hash.Dispose();
        _bytes.Dispose();
    }

    /// <summary>label || version || session id || dialer user id || host user id || dialer identity key || host identity key.</summary>
    private static byte[] Prologue(HandshakeContext context)
    {
        using var prologue = new MemoryStream();
        prologue.Write(Encoding.ASCII.GetBytes(PrologueLabel));
        prologue.WriteByte(ProtocolVersion);
        WriteContext(prologue, context);
        return prologue.ToArray();
    }

    private static void WriteContext(MemoryStream destination, HandshakeContext context)
    {
        destination.Write(context.SessionIdBytes);
        destination.Write(HandshakeContext.Encode(context.DialerUserId));
        destination.Write(HandshakeContext.Encode(context.HostUserId));
        destination.Write(context.DialerIdentityKey);
        destination.Write(context.HostIdentityKey);
    }

    private static byte Marker(PeerRole role) => role == PeerRole.Dialer ? DialerMarker : HostMarker;

    private void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        _bytes.Write(data);
    }
}
