using LogChat.Gateway.Accounts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Gateway.Tests.Accounts;

public sealed class PasswordHasherTests : IDisposable
{
    // The hashed input is a login secret now; this one is the UTF-8 of the phrase, so that the hash below still applies.
    private static readonly byte[] Password = "correct horse battery staple"u8.ToArray();

    // Written by Isopoh.Cryptography.Argon2 2.0.0, the implementation the gateway used before libsodium, with the
    // salt "logchat-salt-16b": the PHC format and the Argon2id computation stay the same.
    private const string HashFromPreviousImplementation =
        "$argon2id$v=19$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU";

    private readonly PasswordHasher _hasher = new(
        Options.Create(new PasswordHashingOptions { MemoryKib = 1024, Iterations = 1, MaxConcurrentHashes = 1 }),
        NullLogger<PasswordHasher>.Instance);

    [Fact]
    public async Task A_hash_verifies_its_password_and_no_other()
    {
        var hash = await _hasher.HashAsync(Password, CancellationToken.None);

        Assert.StartsWith("$argon2id$v=19$m=1024,t=1,p=1$", hash, StringComparison.Ordinal);
        Assert.True(await _hasher.VerifyAsync(hash, Password, CancellationToken.None));
        Assert.False(await _hasher.VerifyAsync(hash, [.. Password, (byte)' '], CancellationToken.None));
    }

    [Fact]
    public async Task Two_hashes_of_one_password_differ_by_their_salt()
    {
        var first = await _hasher.HashAsync(Password, CancellationToken.None);
        var second = await _hasher.HashAsync(Password, CancellationToken.None);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_hash_written_by_the_previous_implementation_still_verifies()
    {
        Assert.True(await _hasher.VerifyAsync(HashFromPreviousImplementation, Password, CancellationToken.None));
        Assert.False(await _hasher.VerifyAsync(HashFromPreviousImplementation, "wrong"u8.ToArray(), CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$argon2i$v=19$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfkU")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$bG9nY2hhdC1zYWx0LTE2Yg$UzthMGRV0EpMrcOaeMQ1Cc/dTkT7H+NUcWqCDcrsfk")]
    public async Task An_unknown_user_or_a_stored_hash_that_does_not_parse_never_matches(string? stored)
    {
        Assert.False(await _hasher.VerifyAsync(stored, Password, CancellationToken.None));
    }

    public void Dispose() => _hasher.Dispose();
}
