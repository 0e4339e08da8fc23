namespace LogChat.Client.Keys;

/// <summary>
/// Argon2id cost of the key that encrypts the identity key at rest. The values used are stored beside
/// the ciphertext, so a profile keeps opening after the defaults change.
/// </summary>
/// <param name="MemoryKib">Memory in KiB.</param>
/// <param name="Iterations">Passes over the memory.</param>
/// <param name="Parallelism">Lanes: always 1 (libsodium computes one lane; kept in the file for its format).</param>
public sealed record PasswordKeyParameters(int MemoryKib, int Iterations, int Parallelism)
{
    /// <summary>64 MiB, 3 passes, 1 lane: paid once per start of the program (its time: docs/benchmarks.md, client).</summary>
    public static PasswordKeyParameters Default { get; } = new(64 * 1024, 3, 1);

    /// <summary>Throws when the values are outside what this client is willing to compute.</summary>
    public void Validate()
    {
        if (MemoryKib is < 8 or > 4 * 1024 * 1024 || Iterations is < 1 or > 100 || Parallelism != 1)
        {
            throw new InvalidDataException("The identity key file names Argon2id parameters outside the accepted range.");
        }
    }
}
