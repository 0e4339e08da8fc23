using System.Security.Cryptography;
using LogChat.Client.Keys;
using NSec.Cryptography;

namespace LogChat.Client.Tests.Keys;

public sealed class PasswordKeyDerivationTests
{
    // Argon2id("correct horse battery staple", salt "logchat-salt-16b", m=1024 KiB, t=2, p=1), as written by
    // Isopoh.Cryptography.Argon2 2.0.0, the implementation the client used before libsodium: key files written
    // then must keep opening.
    private static readonly byte[] KeyFromPreviousImplementation = Convert.FromBase64String("UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU=");

    [Fact]
    public void The_derived_key_is_the_argon2id_output_of_the_previous_implementation()
    {
        var nonce = new byte[12];
        var plaintext = "identity key bytes"u8.ToArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var reference = new AesGcm(KeyFromPreviousImplementation, tag.Length))
        {
            reference.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        using var key = PasswordKeyDerivation.DeriveKey("correct horse battery staple", "logchat-salt-16b"u8, new PasswordKeyParameters(1024, 2, 1));

        Assert.Equal(plaintext, AeadAlgorithm.Aes256Gcm.Decrypt(key, nonce, [], [.. ciphertext, .. tag]));
    }

    [Theory]
    [InlineData(1024, 2, 2)]
    [InlineData(4, 2, 1)]
    [InlineData(1024, 0, 1)]
    public void Parameters_the_client_does_not_compute_are_refused(int memoryKib, int iterations, int parallelism)
    {
        Assert.Throws<InvalidDataException>(
            () => PasswordKeyDerivation.DeriveKey("pw", new byte[16], new PasswordKeyParameters(memoryKib, iterations, parallelism)));
    }
}
