namespace LogChat.Gateway.Sessions;

/// <summary>
/// The cluster-wide key that session ids carry a MAC under (configuration section <c>LogChat:SessionIds</c>): every
/// gateway of a cluster must have the same one, from a Secret (docs/operations.md, "Session id key").
/// </summary>
public sealed class SessionIdOptions
{
    public const string Section = "LogChat:SessionIds";

    /// <summary>The smallest key accepted, in bytes: HMAC-SHA256's own block of security.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>The key new session ids are made with, in base64 (at least 32 random bytes).</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The key before a rotation, in base64, or empty: ids made with it are still accepted, so that sessions being set
    /// up while gateways roll over to a new <see cref="Key"/> are not lost.
    /// </summary>
    public string? PreviousKey { get; set; }

    /// <summary>The decoded key, or null when <paramref name="base64"/> is missing or not base64 of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= MinKeyBytes ? buffer[..length] : null;
    }
}
