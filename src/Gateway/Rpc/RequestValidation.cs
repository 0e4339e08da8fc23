using System.Text;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Gateway.Rpc;

/// <summary>Checks request fields before anything acts on them; a bad field is INVALID_ARGUMENT naming it.</summary>
public static class RequestValidation
{
    public const int MinPasswordBytes = 8;
    public const int MaxPasswordBytes = 1024;
    private const int CertificateHashBytes = 32;

    /// <summary>The canonical username.</summary>
    public static string Username(string username) =>
        UsernameRule.TryCanonicalize(username, out var canonical, out var problem) ? canonical : throw Invalid(problem);

    public static void Password(string password)
    {
        var bytes = Encoding.UTF8.GetByteCount(password);
        if (bytes is < MinPasswordBytes or > MaxPasswordBytes)
        {
            throw Invalid($"password must be {MinPasswordBytes}-{MaxPasswordBytes} bytes long");
        }
    }

    /// <summary>The identity key bytes, when they are a valid Ed25519 public key.</summary>
    public static byte[] IdentityKey(ByteString key)
    {
        if (key.Length != IdentityPublicKey.Size)
        {
            throw Invalid($"identity_public_key must be exactly {IdentityPublicKey.Size} bytes (got {key.Length})");
        }

        return IdentityPublicKey.IsValid(key.Span)
            ? key.ToByteArray()
            : throw Invalid("identity_public_key is not a valid Ed25519 public key");
    }

    public static Guid SessionId(string sessionId) =>
        Guid.TryParseExact(sessionId, "D", out var id) ? id : throw Invalid("session_id must be a UUID");

    public static int Port(uint port) =>
        port is >= 1 and <= 65535 ? (int)port : throw Invalid("port must be 1-65535");

    public static byte[] CertificateSha256(ByteString hash) =>
        hash.Length == CertificateHashBytes
            ? hash.ToByteArray()
            : throw Invalid($"certificate_sha256 must be exactly {CertificateHashBytes} bytes (got {hash.Length})");

    public static string? PublicAddress(string address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        return address.Length <= 253 && Uri.CheckHostName(address) != UriHostNameType.Unknown
            ? address
            : throw Invalid("public_address must be an IP address or a DNS name");
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
