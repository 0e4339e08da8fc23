using System.Net;
using Google.Protobuf;
using LogChat.Grains.Errors;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Gateway.Rpc;

/// <summary>Checks request fields before anything acts on them; a bad field is INVALID_ARGUMENT naming it.</summary>
public static class RequestValidation
{
    private const int CertificateHashBytes = 32;

    /// <summary>The canonical username.</summary>
    public static string Username(string username) =>
        UsernameRule.TryCanonicalize(username, out var canonical, out var problem) ? canonical : throw CoordinatorException.InvalidArgument(problem);

    /// <summary>
    /// The login secret the client derived from its password. A client from before protocol v2 sends the password in a
    /// field that is gone and no login secret: it is told to update and register again.
    /// </summary>
    public static byte[] LoginSecret(ByteString secret) =>
        secret.Length == PasswordSecrets.SecretSize
            ? secret.ToByteArray()
            : throw CoordinatorException.InvalidArgument(
                $"login_secret must be exactly {PasswordSecrets.SecretSize} bytes (got {secret.Length}); a client that sends a password is too old: update it and register again");

    /// <summary>The login secret of a new password: 32 bytes, and not the current one.</summary>
    public static byte[] NewLoginSecret(ByteString secret, ByteString current) =>
        secret.Length != PasswordSecrets.SecretSize
            ? throw CoordinatorException.InvalidArgument($"new_login_secret must be exactly {PasswordSecrets.SecretSize} bytes (got {secret.Length})")
            : secret.Equals(current)
                ? throw CoordinatorException.InvalidArgument("new_login_secret equals login_secret: the new password must differ from the current one")
                : secret.ToByteArray();

    /// <summary>The identity key bytes of the field <paramref name="field"/>, when they are a valid Ed25519 public key.</summary>
    public static byte[] IdentityKey(ByteString key, string field = "identity_public_key")
    {
        if (key.Length != IdentityPublicKey.Size)
        {
            throw CoordinatorException.InvalidArgument($"{field} must be exactly {IdentityPublicKey.Size} bytes (got {key.Length})");
        }

        return IdentityPublicKey.IsValid(key.Span)
            ? key.ToByteArray()
            : throw CoordinatorException.InvalidArgument($"{field} is not a valid Ed25519 public key");
    }

    public static Guid SessionId(string sessionId) =>
        Guid.TryParseExact(sessionId, "D", out var id) ? id : throw CoordinatorException.InvalidArgument("session_id must be a UUID");

    public static int Port(uint port) =>
        port is >= 1 and <= 65535 ? (int)port : throw CoordinatorException.InvalidArgument("port must be 1-65535");

    public static byte[] CertificateSha256(ByteString hash) =>
        hash.Length == CertificateHashBytes
            ? hash.ToByteArray()
            : throw CoordinatorException.InvalidArgument($"certificate_sha256 must be exactly {CertificateHashBytes} bytes (got {hash.Length})");

    /// <summary>An end's detail for the peer: empty, or at most 200 characters without control characters.</summary>
    public static string? EndDetail(string detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return null;
        }

        return detail.Length <= 200 && !detail.Any(char.IsControl)
            ? detail
            : throw CoordinatorException.InvalidArgument("detail must be at most 200 characters of printable text");
    }

    /// <summary>The path a connection failed over: one of the ladder's, never unspecified.</summary>
    public static Grains.Sessions.ConnectionPath FailedPath(Protocol.Coordinator.V1.ConnectionPath path) =>
        path.ToDomain() is var failed and not Grains.Sessions.ConnectionPath.Unspecified
            ? failed
            : throw CoordinatorException.InvalidArgument("path must be DIRECT, REVERSED, PUNCHED or RELAYED");

    public static byte[] ProbeNonce(ByteString nonce) =>
        nonce.Length is >= 16 and <= 64
            ? nonce.ToByteArray()
            : throw CoordinatorException.InvalidArgument($"nonce must be 16-64 bytes (got {nonce.Length})");

    /// <summary>A check without a listener (port 0) carries no nonce.</summary>
    public static byte[] NoProbeNonce(ByteString nonce) =>
        nonce.IsEmpty ? [] : throw CoordinatorException.InvalidArgument("nonce must be empty when port is 0 (no listener)");

    /// <summary>The caller's own interface addresses, in canonical text form; at most 16 IP literals.</summary>
    public static string[] LocalAddresses(IReadOnlyCollection<string> addresses)
    {
        if (addresses.Count > 16)
        {
            throw CoordinatorException.InvalidArgument("local_addresses may list at most 16 addresses");
        }

        return addresses
            .Select(a => IPAddress.TryParse(a, out var ip) ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
                : throw CoordinatorException.InvalidArgument("local_addresses must be IP addresses"))
            .ToArray();
    }
}
