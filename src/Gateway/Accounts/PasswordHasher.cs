using System.Security.Cryptography;
using LogChat.Grains.Errors;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace LogChat.Gateway.Accounts;

/// <summary>
/// Argon2id hashing of login secrets (what a client derives from its password on the device: the password itself never
/// reaches the gateway, docs/protocol.md, "Passwords") and verification (libsodium through NSec: native memory, no garbage for the GC) on
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> dedicated threads at idle CPU priority, never on the
/// Orleans scheduler or the thread pool, so that a storm of logins cannot starve chat traffic of CPU or memory:
/// logins queue, and hash only with the CPU time nothing else wants. At most
/// <see cref="PasswordHashingOptions.MaxQueuedHashes"/> wait: beyond that a call is refused at once with
/// RESOURCE_EXHAUSTED, so that a flood of logins cannot grow the queue (and its passwords in memory) without bound.
/// </summary>
public sealed partial class PasswordHasher : IDisposable
{
    // A hash takes tens of milliseconds: a second drains a full queue on most gateways.
    private static readonly TimeSpan QueueFullRetry = TimeSpan.FromSeconds(1);

    private readonly PasswordHashingOptions _options;
    private readonly IdlePriorityWorkers _workers;
    private readonly Lazy<Argon2idHash> _decoyHash;

    public PasswordHasher(IOptions<PasswordHashingOptions> options, ILogger<PasswordHasher> logger)
    {
        _options = options.Value;
        _workers = new IdlePriorityWorkers(_options.MaxConcurrentHashes, _options.MaxQueuedHashes, "password hashing", reason => LogPriorityRefused(logger, reason));
        _decoyHash = new Lazy<Argon2idHash>(() => Hash(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>The encoded Argon2id hash (PHC string with its salt and parameters).</summary>
    public Task<string> HashAsync(byte[] secret, CancellationToken cancellationToken) =>
        RunAsync(() => Hash(secret).Encode(), cancellationToken);

    /// <summary>
    /// Whether <paramref name="secret"/> matches <paramref name="encodedHash"/>. With no hash (an unknown user) it
    /// verifies against a decoy so that the answer takes as long as for a real user; a stored hash that does not
    /// parse never matches.
    /// </summary>
    public Task<bool> VerifyAsync(string? encodedHash, byte[] secret, CancellationToken cancellationToken) =>
        RunAsync(
            () =>
            {
                var stored = encodedHash is null ? null : Argon2idHash.TryParse(encodedHash);
                var expected = stored ?? _decoyHash.Value;
                var actual = Derive(secret, expected.Salt, expected.MemoryKib, expected.Iterations);
                return CryptographicOperations.FixedTimeEquals(actual, expected.Hash) && stored is not null;
            },
            cancellationToken);

    public void Dispose() => _workers.Dispose();

    private Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        try
        {
            return _workers.RunAsync(work, cancellationToken);
        }
        catch (WorkQueueFullException)
        {
            throw CoordinatorException.ResourceExhausted("too many password checks are waiting on this gateway: try again in 1 s", QueueFullRetry);
        }
    }

    private Argon2idHash Hash(byte[] secret)
    {
        var salt = RandomNumberGenerator.GetBytes(Argon2idHash.SaltBytes);
        return new Argon2idHash(_options.MemoryKib, _options.Iterations, salt, Derive(secret, salt, _options.MemoryKib, _options.Iterations));
    }

    private static byte[] Derive(byte[] secret, byte[] salt, int memoryKib, int iterations)
    {
        var parameters = new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKib, NumberOfPasses = iterations };
        return PasswordBasedKeyDerivationAlgorithm.Argon2id(in parameters).DeriveBytes(secret, salt, Argon2idHash.HashBytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password hashing runs at normal CPU priority: {Reason}")]
    private static partial void LogPriorityRefused(ILogger logger, string reason);
}
