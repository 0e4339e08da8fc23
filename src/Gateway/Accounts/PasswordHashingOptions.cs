namespace LogChat.Gateway.Accounts;

/// <summary>Argon2id parameters for password hashes (configuration section <c>LogChat:PasswordHashing</c>); one lane.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "LogChat:PasswordHashing";

    /// <summary>Memory cost in KiB (default 19 MiB, the OWASP minimum for Argon2id).</summary>
    public int MemoryKib { get; set; } = 19 * 1024;

    /// <summary>Number of passes over memory.</summary>
    public int Iterations { get; set; } = 2;

    /// <summary>How many hashes may run at once on this gateway; further logins wait their turn.</summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// How many hashes may wait for a thread; a register or login beyond that gets RESOURCE_EXHAUSTED at once rather
    /// than queueing (and holding its password in memory) without bound.
    /// </summary>
    public int MaxQueuedHashes { get; set; } = 256;
}
