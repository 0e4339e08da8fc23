namespace LogChat.Gateway.Accounts;

/// <summary>
/// The cluster-wide secret login salts are derived from (configuration section <c>LogChat:LoginSalt</c>). Every gateway of a
/// cluster has the same one, kept for good, so that a name gets one salt wherever it asks (docs/operations.md,
/// "LogChat:LoginSalt").
/// </summary>
public sealed class LoginSaltOptions
{
    public const string Section = "LogChat:LoginSalt";

    /// <summary>The fewest bytes the secret may have.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>The secret, base64: at least <see cref="MinSecretBytes"/> random bytes.</summary>
    public string? Secret { get; set; }

    /// <summary>The decoded secret, or null when it is missing, not base64 or too short.</summary>
    public byte[]? SecretBytes()
    {
        if (string.IsNullOrWhiteSpace(Secret))
        {
            return null;
        }

        var buffer = new byte[Secret.Length];
        return Convert.TryFromBase64String(Secret.Trim(), buffer, out var written) && written >= MinSecretBytes ? buffer[..written] : null;
    }
}
