using System.Security.Cryptography;
using System.Text;
using Isopoh.Cryptography.Argon2;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Accounts;

/// <summary>
/// Argon2id hashing and verification, run on the thread pool (never on the Orleans scheduler) with bounded
/// concurrency, so that a storm of logins cannot starve chat traffic of CPU or memory.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private readonly PasswordHashingOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<string> _decoyHash;

    public PasswordHasher(IOptions<PasswordHashingOptions> options)
    {
        _options = options.Value;
        _slots = new SemaphoreSlim(_options.MaxConcurrentHashes);
        _decoyHash = new Lazy<string>(() => Hash(RandomNumberGenerator.GetHexString(32)));
    }

    /// <summary>The encoded Argon2id hash (PHC string with its salt and parameters).</summary>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        RunBoundedAsync(() => Hash(password), cancellationToken);

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="encodedHash"/>. With no hash (an unknown user)
    /// it verifies against a decoy so that the answer takes as long as for a real user.
    /// </summary>
    public Task<bool> VerifyAsync(string? encodedHash, string password, CancellationToken cancellationToken) =>
        RunBoundedAsync(
            () => Argon2.Verify(encodedHash ?? _decoyHash.Value, Encoding.UTF8.GetBytes(password), 1) && encodedHash is not null,
            cancellationToken);

    public void Dispose() => _slots.Dispose();

    private string Hash(string password)
    {
        var config = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing,
            Version = Argon2Version.Nineteen,
            MemoryCost = _options.MemoryKib,
            TimeCost = _options.Iterations,
            Lanes = _options.Parallelism,
            Threads = 1,
            Password = Encoding.UTF8.GetBytes(password),
            Salt = RandomNumberGenerator.GetBytes(16),
            HashLength = 32,
        };
        using var argon2 = new Argon2(config);
        using var hash = argon2.Hash();
        return config.EncodeString(hash.Buffer);
    }

    private async Task<T> RunBoundedAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }
}
