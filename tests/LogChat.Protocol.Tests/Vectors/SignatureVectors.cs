using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using LogChat.Protocol.Tests.Support;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>
/// Produces docs/vectors/ed25519-verification-v1.json: signatures that a looser Ed25519 verifier accepts and this protocol
/// refuses (docs/protocol.md section 7.1), each with which verification equations it satisfies, all made on
/// <see cref="Ed25519Reference"/> from the RFC 8032 test 1 key, without libsodium.
/// </summary>
internal static class SignatureVectors
{
    public const string FileName = "ed25519-verification-v1.json";

    public const string Message = "LogChat peer v1 Ed25519 verification vector";

    public static IReadOnlyList<SignatureCase> Cases()
    {
        var seed = Convert.FromHexString(VectorInputs.DialerIdentityPrivateKey);
        var (a, _) = Ed25519Signatures.Expand(seed);
        var key = Ed25519Reference.Base.Multiply(a).Encode();
        var message = Encoding.ASCII.GetBytes(Message);
        var order = Ed25519Reference.GroupOrder;
        var identity = Ed25519Reference.Neutral.Encode();
        var orderEight = Ed25519Reference.OrderEight.Encode();

        var valid = Ed25519Signatures.Sign(a, Nonce("valid"), key, message);
        var s = Ed25519Signatures.Scalar(valid.AsSpan(32));

        var mixedR = Ed25519Reference.Base.Multiply(Nonce("mixed_order_r")).Add(Ed25519Reference.OrderEight).Encode();
        var mixedKey = Ed25519Reference.Base.Multiply(a).Add(Ed25519Reference.OrderTwo).Encode();
        var mixedKeyNonce = Nonce("mixed_order_a");
        var mixedKeyMessage = MessageWithEvenChallenge(mixedKey, mixedKeyNonce);

        return
        [
            new("valid", key, message, valid, "An RFC 8032 signature by a valid key: accepted."),
            new("non_canonical_s", key, message, Ed25519Signatures.Signature(valid.AsSpan(0, 32), s + order),
                "The valid signature with S + L in place of S: the equation holds, but S is not below L."),
            new("small_order_r_neutral", key, message,
                Ed25519Signatures.Signature(identity, Ed25519Signatures.Challenge(identity, key, message) * a % order),
                "R is the neutral point (order 1) and S = k * a: [S]B - [k]A is the neutral point, so even the cofactorless equation holds; R is of small order."),
            new("small_order_r_order_8", key, message,
                Ed25519Signatures.Signature(orderEight, Ed25519Signatures.Challenge(orderEight, key, message) * a % order),
                "R is a point of order 8 and S = k * a: only the cofactored equation holds; R is of small order."),
            new("mixed_order_r", key, message,
                Ed25519Signatures.Signature(mixedR, (Nonce("mixed_order_r") + (Ed25519Signatures.Challenge(mixedR, key, message) * a)) % order),
                "R = [r]B + T with T of order 8 and S = r + k * a: only the cofactored equation holds; R is not the encoding of [S]B - [k]A."),
            new("small_order_a", orderEight, message, Ed25519Signatures.Signature(identity, BigInteger.Zero),
                "A is a point of order 8, R the neutral point, S = 0: the cofactored equation holds for every message; A is not a valid identity key."),
            new("mixed_order_a", mixedKey, mixedKeyMessage, Ed25519Signatures.Sign(a, mixedKeyNonce, mixedKey, mixedKeyMessage),
                "A = [a]B + T with T of order 2, the message chosen so that k is even, signed with a: both equations hold; A has a small-order component, so it is not a valid identity key."),
        ];
    }

    public static string Generate() => VectorJson.Write(json =>
    {
        json.WriteString("description",
            "Ed25519 verification in LogChat peer protocol v1 (docs/protocol.md section 7.1). Every case uses the message given "
            + "(hex) and says whether the protocol accepts it and which verification equation a looser verifier checks would hold. "
            + "Only 'valid' is accepted. Keys and signatures are derived from the private key of RFC 8032 section 7.1, test 1.");
        json.WriteStartArray("cases");
        foreach (var signatureCase in Cases())
        {
            json.WriteStartObject();
            json.WriteString("name", signatureCase.Name);
            VectorJson.Hex(json, "public_key", signatureCase.PublicKey);
            VectorJson.Hex(json, "message", signatureCase.Message);
            VectorJson.Hex(json, "signature", signatureCase.Signature);
            json.WriteBoolean("cofactorless_equation_holds", Ed25519Signatures.CofactorlessEquationHolds(signatureCase.PublicKey, signatureCase.Message, signatureCase.Signature));
            json.WriteBoolean("cofactored_equation_holds", Ed25519Signatures.CofactoredEquationHolds(signatureCase.PublicKey, signatureCase.Message, signatureCase.Signature));
            json.WriteBoolean("accepted", Ed25519Signatures.VerifiesUnderTheProtocol(signatureCase.PublicKey, signatureCase.Message, signatureCase.Signature));
            json.WriteString("why", signatureCase.Why);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    // A fixed nonce per case, so the file never changes.
    private static BigInteger Nonce(string name) =>
        Ed25519Signatures.Scalar(SHA512.HashData(Encoding.ASCII.GetBytes("LogChat vector nonce " + name))) % Ed25519Reference.GroupOrder;

    // The message with " #n" appended, for the first n that makes the challenge even, so that [k]T vanishes for T of order 2.
    private static byte[] MessageWithEvenChallenge(byte[] publicKey, BigInteger nonce)
    {
        var r = Ed25519Reference.Base.Multiply(nonce).Encode();
        for (var n = 0; ; n++)
        {
            var candidate = Encoding.ASCII.GetBytes($"{Message} #{n}");
            if (Ed25519Signatures.Challenge(r, publicKey, candidate).IsEven)
            {
                return candidate;
            }
        }
    }
}

/// <summary>One published signature and why it is there.</summary>
internal sealed record SignatureCase(string Name, byte[] PublicKey, byte[] Message, byte[] Signature, string Why);
