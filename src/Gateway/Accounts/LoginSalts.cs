using System.Security.Cryptography;
using System.Text;
using LogChat.Protocol.Accounts;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Accounts;

/// <summary>
/// The login salt of a username: the first 16 bytes of HMAC-SHA256 under the cluster-wide secret. It depends on the
/// name alone, never on whether the name is registered, so asking for it tells nobody which names exist.
/// </summary>
public sealed class LoginSalts(IOptions<LoginSaltOptions> options)
{
    private readonly byte[] _secret = options.Value.SecretBytes()
        ?? throw new InvalidOperationException($"{LoginSaltOptions.Section}:Secret must be set to at least {LoginSaltOptions.MinSecretBytes} random bytes in base64.");

    /// <summary>The salt of <paramref name="canonicalUsername"/>.</summary>
    public byte[] For(string canonicalUsername) =>
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(canonicalUsername))[..PasswordSecrets.SaltSize];
}
