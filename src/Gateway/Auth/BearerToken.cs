using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace LogChat.Gateway.Auth;

/// <summary>Opaque bearer tokens: 256 random bits, base64url; the coordinator keeps only their SHA-256.</summary>
public static class BearerToken
{
    private const int TokenBytes = 32;
    private const int EncodedLength = 43;

    /// <summary>A fresh token in its text form.</summary>
    public static string Create()
    {
        Span<byte> random = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(random);
        var token = Base64Url.EncodeToString(random);
        CryptographicOperations.ZeroMemory(random);
        return token;
    }

    /// <summary>The token of a call's <c>authorization: Bearer</c> header, or null when it has none.</summary>
    public static string? FromRequest(ServerCallContext context)
    {
        // Read from the request itself: ServerCallContext.RequestHeaders would copy every header into a Metadata
        // collection that a Connect stream then holds for as long as it is open.
        var authorization = context.GetHttpContext().Request.Headers.Authorization;
        var header = authorization.Count > 0 ? authorization[0] : null;
        const string scheme = "Bearer ";
        return header is not null && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    /// <summary>The key a token is stored under (lower-case hex SHA-256), or null when the text is not a token.</summary>
    public static string? StorageKey(string token)
    {
        if (token.Length != EncodedLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
    }
}
