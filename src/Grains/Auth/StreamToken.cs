using System.Security.Cryptography;
using System.Text;

namespace LogChat.Grains.Auth;

/// <summary>
/// The token a Connect stream was opened with, as presence keeps it: an id (128 bits of a hash of the token's
/// storage key, so that a stream holds 16 bytes rather than the key's text) and when the token expires. A stream ends
/// when its token is revoked or expires.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct StreamToken([property: Id(0)] Guid TokenId, [property: Id(1)] DateTimeOffset ExpiresAt)
{
    /// <summary>The id of the token stored under <paramref name="storageKey"/>.</summary>
    public static Guid IdOf(string storageKey)
    {
        ArgumentNullException.ThrowIfNull(storageKey);
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(storageKey)).AsSpan(0, 16));
    }
}
