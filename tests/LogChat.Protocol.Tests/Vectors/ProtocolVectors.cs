using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using LogChat.Protocol.Peer;
using LogChat.Protocol.Peer.V1;
using LogChat.Protocol.Sessions;
using NSec.Cryptography;
using static LogChat.Protocol.Tests.Vectors.VectorJson;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>
/// Produces docs/vectors/handshake-v1.json: runs the real handshake and channel on the fixed
/// inputs, recomputes every value from the byte strings of docs/protocol.md (<see cref="SpecBytes"/>),
/// fails if the two disagree, and writes the result as JSON.
/// </summary>
internal static class ProtocolVectors
{
    public const string FileName = "handshake-v1.json";

    private const KeyExportPolicies Exportable = KeyExportPolicies.AllowPlaintextExport;

    public static string Generate()
    {
        using var dialerIdentity = IdentityKeyPair.FromPrivateKey(Convert.FromHexString(VectorInputs.DialerIdentityPrivateKey));
        using var hostIdentity = IdentityKeyPair.FromPrivateKey(Convert.FromHexString(VectorInputs.HostIdentityPrivateKey));
        var dialerKey = dialerIdentity.PublicKey;
        var hostKey = hostIdentity.PublicKey;
        var dialerParameters = new HandshakeParameters(new SessionId(VectorInputs.SessionId), PeerRole.Dialer, VectorInputs.DialerUserId, dialerIdentity, VectorInputs.HostUserId, hostKey);
        var hostParameters = new HandshakeParameters(new SessionId(VectorInputs.SessionId), PeerRole.Host, VectorInputs.HostUserId, hostIdentity, VectorInputs.DialerUserId, dialerKey);

        using var dialer = new Handshake(dialerParameters, Ephemeral(VectorInputs.DialerEphemeralPrivateKey, out var dialerEphemeral));
        using var host = new Handshake(hostParameters, Ephemeral(VectorInputs.HostEphemeralPrivateKey, out var hostEphemeral));
        var dialerHello = dialer.WriteDialerHello();
        var hostHello = host.ReadDialerHello(dialerHello.DialerHello);
        var (dialerFinished, dialerChannelOwned) = dialer.ReadHostHello(hostHello.HostHello);
        using var dialerChannel = dialerChannelOwned;
        using var hostChannel = host.ReadDialerFinished(dialerFinished.DialerFinished);

        var dialerToHostFrame = new PeerMessage { Frame = dialerChannel.Seal(Text(VectorInputs.DialerFirstText)) };
        var hostToDialerFrame = new PeerMessage { Frame = hostChannel.Seal(Text(VectorInputs.HostFirstText)) };

        // The page's byte strings, recomputed without the protocol code.
        var prologue = SpecBytes.Prologue(dialerKey, hostKey);
        var dialerPart = (byte[])[.. prologue, 0x01, .. dialerEphemeral];
        var dialerSignature = dialerHello.DialerHello.Signature.ToByteArray();
        var dialerStatement = SpecBytes.Statement(0x01, dialerKey, hostKey, dialerEphemeral, dialerPart);
        var hostPart = (byte[])[.. dialerPart, .. dialerSignature, 0x02, .. hostEphemeral];
        var hostSignature = hostHello.HostHello.Signature.ToByteArray();
        var hostStatement = SpecBytes.Statement(0x02, dialerKey, hostKey, hostEphemeral, hostPart);
        var transcript = (byte[])[.. hostPart, .. hostSignature];
        var transcriptHash = SHA256.HashData(transcript);
        var sharedSecret = SharedSecretBytes();
        var dialerConfirmationKey = SpecBytes.Hkdf(sharedSecret, transcriptHash, "LogChat peer v1 confirmation dialer");
        var hostConfirmationKey = SpecBytes.Hkdf(sharedSecret, transcriptHash, "LogChat peer v1 confirmation host");
        var dialerToHost = Direction(SpecBytes.Hkdf(sharedSecret, transcriptHash, "LogChat peer v1 chain dialer to host"));
        var hostToDialer = Direction(SpecBytes.Hkdf(sharedSecret, transcriptHash, "LogChat peer v1 chain host to dialer"));

        Agree("transcript", transcript, dialer.TranscriptBytes);
        Agree("transcript hash", transcriptHash, hostChannel.TranscriptHash);
        Agree("dialer signature", dialerSignature, dialerIdentity.Sign(dialerStatement));
        Agree("host signature", hostSignature, hostIdentity.Sign(hostStatement));
        Agree("host confirmation", SpecBytes.Hmac(hostConfirmationKey, transcriptHash), hostHello.HostHello.Confirmation.ToByteArray());
        Agree("dialer confirmation", SpecBytes.Hmac(dialerConfirmationKey, transcriptHash), dialerFinished.DialerFinished.Confirmation.ToByteArray());
        Agree("first dialer frame", SpecBytes.Seal(dialerToHost.TrafficKey0, 0, Text(VectorInputs.DialerFirstText).ToByteArray()), dialerToHostFrame.Frame.Ciphertext.ToByteArray());
        Agree("first host frame", SpecBytes.Seal(hostToDialer.TrafficKey0, 0, Text(VectorInputs.HostFirstText).ToByteArray()), hostToDialerFrame.Frame.Ciphertext.ToByteArray());
        AgreeWithKeySchedule(sharedSecret, transcriptHash, dialerToHost, hostToDialer, dialerConfirmationKey, hostConfirmationKey);

        return Write(json =>
        {
            json.WriteString("description", "LogChat peer protocol v1 test vectors (docs/protocol.md). Byte strings are lowercase hex.");
            json.WriteNumber("protocol_version", 1);
            json.WriteStartObject("inputs");
            json.WriteString("session_id", VectorInputs.SessionId.ToString());
            json.WriteString("dialer_user_id", VectorInputs.DialerUserId.ToString());
            json.WriteString("host_user_id", VectorInputs.HostUserId.ToString());
            json.WriteString("dialer_identity_private_key", VectorInputs.DialerIdentityPrivateKey);
            json.WriteString("host_identity_private_key", VectorInputs.HostIdentityPrivateKey);
            json.WriteString("dialer_ephemeral_private_key", VectorInputs.DialerEphemeralPrivateKey);
            json.WriteString("host_ephemeral_private_key", VectorInputs.HostEphemeralPrivateKey);
            json.WriteString("dialer_first_text", VectorInputs.DialerFirstText);
            json.WriteString("host_first_text", VectorInputs.HostFirstText);
            json.WriteEndObject();

            json.WriteStartObject("handshake");
            Hex(json, "session_id_bytes", SpecBytes.Uuid(VectorInputs.SessionId));
            Hex(json, "dialer_user_id_bytes", SpecBytes.Uuid(VectorInputs.DialerUserId));
            Hex(json, "host_user_id_bytes", SpecBytes.Uuid(VectorInputs.HostUserId));
            Hex(json, "dialer_identity_public_key", dialerKey);
            Hex(json, "host_identity_public_key", hostKey);
            Hex(json, "dialer_ephemeral_public_key", dialerEphemeral);
            Hex(json, "host_ephemeral_public_key", hostEphemeral);
            Hex(json, "prologue", prologue);
            Hex(json, "dialer_signed_statement", dialerStatement);
            Hex(json, "dialer_signature", dialerSignature);
            Hex(json, "dialer_hello_message", dialerHello.ToByteArray());
            Hex(json, "host_signed_statement", hostStatement);
            Hex(json, "host_signature", hostSignature);
            Hex(json, "transcript", transcript);
            Hex(json, "transcript_hash", transcriptHash);
            Hex(json, "shared_secret", sharedSecret);
            Hex(json, "dialer_confirmation_key", dialerConfirmationKey);
            Hex(json, "host_confirmation_key", hostConfirmationKey);
            Hex(json, "host_confirmation", hostHello.HostHello.Confirmation.ToByteArray());
            Hex(json, "host_hello_message", hostHello.ToByteArray());
            Hex(json, "dialer_confirmation", dialerFinished.DialerFinished.Confirmation.ToByteArray());
            Hex(json, "dialer_finished_message", dialerFinished.ToByteArray());
            json.WriteEndObject();

            json.WriteStartObject("traffic_keys");
            WriteDirection(json, "dialer_to_host", dialerToHost);
            WriteDirection(json, "host_to_dialer", hostToDialer);
            json.WriteEndObject();

            json.WriteStartArray("first_frames");
            WriteFrame(json, "dialer_to_host", VectorInputs.DialerFirstText, dialerToHostFrame);
            WriteFrame(json, "host_to_dialer", VectorInputs.HostFirstText, hostToDialerFrame);
            json.WriteEndArray();

            json.WriteStartObject("safety_number");
            Hex(json, "identity_key_a", dialerKey);
            Hex(json, "identity_key_b", hostKey);
            json.WriteString("value", SafetyNumber.Compute(dialerKey, hostKey));
            json.WriteEndObject();
        });
    }

    private static EphemeralKeyPair Ephemeral(string privateKey, out byte[] publicKey)
    {
        var key = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString(privateKey));
        publicKey = key.PublicKey;
        return key;
    }

    private static byte[] SharedSecretBytes()
    {
        using var dialerEphemeral = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString(VectorInputs.DialerEphemeralPrivateKey));
        using var hostEphemeral = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString(VectorInputs.HostEphemeralPrivateKey));
        using var secret = dialerEphemeral.Agree(hostEphemeral.PublicKey, Exportable)!;
        return secret.Export(SharedSecretBlobFormat.RawSharedSecret);
    }

    private static DirectionKeys Direction(byte[] chain0)
    {
        var chain1 = SpecBytes.Hkdf(chain0, [], "LogChat peer v1 next chain");
        return new DirectionKeys(
            chain0,
            SpecBytes.Hkdf(chain0, [], "LogChat peer v1 traffic key"),
            chain1,
            SpecBytes.Hkdf(chain1, [], "LogChat peer v1 traffic key"));
    }

    /// <summary>The protocol's key schedule (NSec) gives the same keys as the page (BCL).</summary>
    private static void AgreeWithKeySchedule(
        byte[] sharedSecretBytes, byte[] transcriptHash, DirectionKeys dialerToHost, DirectionKeys hostToDialer, byte[] dialerConfirmationKey, byte[] hostConfirmationKey)
    {
        using var sharedSecret = SharedSecret.Import(sharedSecretBytes, SharedSecretBlobFormat.RawSharedSecret);
        using var keys = SessionKeySchedule.Derive(sharedSecret, transcriptHash, Exportable);
        Agree("dialer confirmation key", dialerConfirmationKey, keys.DialerConfirmation.Export(KeyBlobFormat.RawSymmetricKey));
        Agree("host confirmation key", hostConfirmationKey, keys.HostConfirmation.Export(KeyBlobFormat.RawSymmetricKey));
        AgreeWithRatchet("dialer to host", dialerToHost, keys.DialerToHostChain);
        AgreeWithRatchet("host to dialer", hostToDialer, keys.HostToDialerChain);
    }

    private static void AgreeWithRatchet(string direction, DirectionKeys expected, SharedSecret chain0)
    {
        using var next = SessionKeySchedule.NextChain(chain0, Exportable);
        using var traffic0 = SessionKeySchedule.TrafficKey(chain0, Exportable);
        using var traffic1 = SessionKeySchedule.TrafficKey(next, Exportable);
        Agree($"{direction} chain 0", expected.Chain0, chain0.Export(SharedSecretBlobFormat.RawSharedSecret));
        Agree($"{direction} chain 1", expected.Chain1, next.Export(SharedSecretBlobFormat.RawSharedSecret));
        Agree($"{direction} traffic key 0", expected.TrafficKey0, traffic0.Export(KeyBlobFormat.RawSymmetricKey));
        Agree($"{direction} traffic key 1", expected.TrafficKey1, traffic1.Export(KeyBlobFormat.RawSymmetricKey));
    }

    private static void Agree(string what, byte[] fromSpec, byte[] fromCode)
    {
        if (!fromSpec.AsSpan().SequenceEqual(fromCode))
        {
            throw new InvalidOperationException($"The {what} computed from docs/protocol.md differs from the code's.");
        }
    }

    private static PeerPayload Text(string text) => new() { Text = new ChatText { Text = text } };

    private static void WriteDirection(Utf8JsonWriter json, string name, DirectionKeys keys)
    {
        json.WriteStartObject(name);
        Hex(json, "chain_0", keys.Chain0);
        Hex(json, "traffic_key_0", keys.TrafficKey0);
        Hex(json, "chain_1", keys.Chain1);
        Hex(json, "traffic_key_1", keys.TrafficKey1);
        json.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter json, string direction, string text, PeerMessage message)
    {
        json.WriteStartObject();
        json.WriteString("direction", direction);
        json.WriteString("text", text);
        Hex(json, "payload", Text(text).ToByteArray());
        json.WriteNumber("counter", message.Frame.Counter);
        Hex(json, "nonce", SpecBytes.Nonce(message.Frame.Counter));
        Hex(json, "ciphertext", message.Frame.Ciphertext.ToByteArray());
        Hex(json, "message", message.ToByteArray());
        json.WriteEndObject();
    }

    private sealed record DirectionKeys(byte[] Chain0, byte[] TrafficKey0, byte[] Chain1, byte[] TrafficKey1);
}
