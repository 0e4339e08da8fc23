using Google.Protobuf;
using LogChat.Protocol.Peer.V1;
using NSec.Cryptography;

namespace LogChat.Protocol.Peer;

/// <summary>
/// One side of the peer handshake as a state machine, without I/O (docs/protocol.md, "Handshake"):
/// <code>
/// dialer -> host   DialerHello    (version, session id, e_D, sig_D)
/// host -> dialer   HostHello      (version, session id, e_H, sig_H, host confirmation)
/// dialer -> host   DialerFinished (dialer confirmation)
/// </code>
/// Each method checks the state, consumes or produces one message and moves to the next state;
/// any failure moves to <see cref="HandshakeState.Failed"/> and destroys every secret.
/// </summary>
internal sealed class Handshake : IDisposable
{
    /// <summary>The largest serialized handshake message accepted (a host hello is 157 bytes).</summary>
    public const int MaxHandshakeMessageBytes = 256;

    private readonly HandshakeParameters _parameters;
    private readonly HandshakeContext _context;
    private readonly HandshakeTranscript _transcript;
    private EphemeralKeyPair? _ephemeral;
    private SessionKeys? _keys;

    /// <summary>Takes ownership of <paramref name="ephemeral"/>.</summary>
    public Handshake(HandshakeParameters parameters, EphemeralKeyPair ephemeral)
    {
        if (!IdentityPublicKey.IsValid(parameters.RemoteIdentityPublicKey))
        {
            ephemeral.Dispose();
            throw new HandshakeFailedException("The peer's expected identity key is not a valid Ed25519 public key.");
        }

        _parameters = parameters;
        _ephemeral = ephemeral;
        _context = HandshakeContext.From(parameters);
        _transcript = new HandshakeTranscript(_context);
        State = parameters.Role == PeerRole.Dialer ? HandshakeState.Start : HandshakeState.AwaitingDialerHello;
    }

    public HandshakeState State { get; private set; }

    /// <summary>The transcript bytes so far, for the published test vectors.</summary>
    public byte[] TranscriptBytes => _transcript.Bytes;

    private PeerRole LocalRole => _parameters.Role;

    private PeerRole RemoteRole => LocalRole == PeerRole.Dialer ? PeerRole.Host : PeerRole.Dialer;

    /// <summary>Dialer, first step: the signed hello.</summary>
    public PeerMessage WriteDialerHello()
    {
        Expect(HandshakeState.Start);
        var hello = new DialerHello
        {
            ProtocolVersion = HandshakeTranscript.ProtocolVersion,
            SessionId = ByteString.CopyFrom(_context.SessionIdBytes),
            EphemeralPublicKey = ByteString.CopyFrom(Ephemeral.PublicKey),
            Signature = ByteString.CopyFrom(SignOwnEphemeral()),
        };
        State = HandshakeState.AwaitingHostHello;
        return new PeerMessage { DialerHello = hello };
    }

    /// <summary>Host, first step: checks the dialer's hello and answers with the host's hello and confirmation.</summary>
    public PeerMessage ReadDialerHello(DialerHello hello)
    {
        Expect(HandshakeState.AwaitingDialerHello);
        CheckVersion(hello.ProtocolVersion);
        CheckShape(HandshakeMessages.ShapeError(hello));
        CheckSession(hello.SessionId);
        AcceptPeerEphemeral(hello.EphemeralPublicKey.Span, hello.Signature.Span);

        var ephemeralPublicKey = Ephemeral.PublicKey;
        var signature = SignOwnEphemeral();
        DeriveSessionKeys(hello.EphemeralPublicKey.Span);
        var reply = new HostHello
        {
            ProtocolVersion = HandshakeTranscript.ProtocolVersion,
            SessionId = ByteString.CopyFrom(_context.SessionIdBytes),
            EphemeralPublicKey = ByteString.CopyFrom(ephemeralPublicKey),
            Signature = ByteString.CopyFrom(signature),
            Confirmation = ByteString.CopyFrom(Confirmation(PeerRole.Host)),
        };
        State = HandshakeState.AwaitingDialerFinished;
        return new PeerMessage { HostHello = reply };
    }

    /// <summary>Dialer, second step: checks the host's hello and confirmation; returns the dialer's confirmation and the channel.</summary>
    public (PeerMessage Finished, SecureChannel Channel) ReadHostHello(HostHello hello)
    {
        Expect(HandshakeState.AwaitingHostHello);
        CheckVersion(hello.ProtocolVersion);
        CheckShape(HandshakeMessages.ShapeError(hello));
        CheckSession(hello.SessionId);
        AcceptPeerEphemeral(hello.EphemeralPublicKey.Span, hello.Signature.Span);
        DeriveSessionKeys(hello.EphemeralPublicKey.Span);
        CheckConfirmation(PeerRole.Host, hello.Confirmation.Span);

        var finished = new DialerFinished { Confirmation = ByteString.CopyFrom(Confirmation(PeerRole.Dialer)) };
        return (new PeerMessage { DialerFinished = finished }, Establish());
    }

    /// <summary>Host, second step: checks the dialer's confirmation; returns the channel.</summary>
    public SecureChannel ReadDialerFinished(DialerFinished finished)
    {
        Expect(HandshakeState.AwaitingDialerFinished);
        CheckShape(HandshakeMessages.ShapeError(finished));
        CheckConfirmation(PeerRole.Dialer, finished.Confirmation.Span);
        return Establish();
    }

    /// <summary>Marks the handshake failed, destroys every secret and returns the exception to throw.</summary>
    public HandshakeFailedException Fail(string message, Exception? innerException = null) =>
        Failed(innerException is null ? new HandshakeFailedException(message) : new HandshakeFailedException(message, innerException));

    public void Dispose()
    {
        DestroySecrets();
        _transcript.Dispose();
    }

    private EphemeralKeyPair Ephemeral =>
        _ephemeral ?? throw new InvalidOperationException("The ephemeral key is already destroyed.");

    private SessionKeys Keys =>
        _keys ?? throw new InvalidOperationException("The session keys are not derived.");

    private void Expect(HandshakeState expected)
    {
        if (State != expected)
        {
            throw new InvalidOperationException($"The handshake is in state {State}, not {expected}.");
        }
    }

    private void CheckVersion(uint protocolVersion)
    {
        if (protocolVersion != HandshakeTranscript.ProtocolVersion)
        {
            throw Failed(HandshakeFailedException.VersionMismatch(protocolVersion));
        }
    }

    private HandshakeFailedException Failed(HandshakeFailedException failure)
    {
        State = HandshakeState.Failed;
        DestroySecrets();
        return failure;
    }

    private void CheckShape(string? shapeError)
    {
        if (shapeError is not null)
        {
            throw Fail(shapeError);
        }
    }

    private void CheckSession(ByteString sessionId)
    {
        if (!sessionId.Span.SequenceEqual(_context.SessionIdBytes))
        {
            throw Fail("The peer's handshake belongs to another session.");
        }
    }

    /// <summary>Checks the peer's ephemeral key and signature and adds both to the transcript.</summary>
    private void AcceptPeerEphemeral(ReadOnlySpan<byte> ephemeralPublicKey, ReadOnlySpan<byte> signature)
    {
        if (!EphemeralKeyPair.IsAcceptablePublicKey(ephemeralPublicKey))
        {
            throw Fail("The peer's ephemeral key is malformed or of small order.");
        }

        if (ephemeralPublicKey.SequenceEqual(Ephemeral.PublicKey))
        {
            throw Fail("The peer sent back this side's own ephemeral key.");
        }

        _transcript.AppendEphemeral(RemoteRole, ephemeralPublicKey);
        var statement = _transcript.SignedStatement(RemoteRole, ephemeralPublicKey);
        if (!IdentitySignature.Verify(_context.IdentityKeyOf(RemoteRole), statement, signature))
        {
            throw Fail("The peer's handshake signature does not verify against the identity key expected for this session: "
                + "it is not the expected peer, or the handshake was tampered with.");
        }

        _transcript.AppendSignature(signature);
    }

    /// <summary>Adds this side's ephemeral key to the transcript, signs and adds the signature.</summary>
    private byte[] SignOwnEphemeral()
    {
        var ephemeralPublicKey = Ephemeral.PublicKey;
        _transcript.AppendEphemeral(LocalRole, ephemeralPublicKey);
        var signature = _parameters.LocalIdentity.Sign(_transcript.SignedStatement(LocalRole, ephemeralPublicKey));
        _transcript.AppendSignature(signature);
        return signature;
    }

    /// <summary>X25519 with the peer's ephemeral key, then the key schedule; the ephemeral key dies here.</summary>
    private void DeriveSessionKeys(ReadOnlySpan<byte> peerEphemeralPublicKey)
    {
        using var sharedSecret = Ephemeral.Agree(peerEphemeralPublicKey)
            ?? throw Fail("The key agreement with the peer's ephemeral key gave an all-zero secret.");
        _ephemeral!.Dispose();
        _ephemeral = null;
        _keys = SessionKeySchedule.Derive(sharedSecret, _transcript.CurrentHash());
    }

    private byte[] Confirmation(PeerRole prover) =>
        SessionKeySchedule.ConfirmationMac.Mac(Keys.ConfirmationOf(prover), _transcript.CurrentHash());

    private void CheckConfirmation(PeerRole prover, ReadOnlySpan<byte> confirmation)
    {
        if (!SessionKeySchedule.ConfirmationMac.Verify(Keys.ConfirmationOf(prover), _transcript.CurrentHash(), confirmation))
        {
            throw Fail("The peer did not prove it holds the session keys (key confirmation failed).");
        }
    }

    private SecureChannel Establish()
    {
        var channel = new SecureChannel(LocalRole, Keys, _transcript.CurrentHash());
        _keys = null;
        State = HandshakeState.Established;
        return channel;
    }

    private void DestroySecrets()
    {
        _ephemeral?.Dispose();
        _ephemeral = null;
        _keys?.Dispose();
        _keys = null;
    }
}
