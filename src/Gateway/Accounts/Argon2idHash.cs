using System.Globalization;

namespace LogChat.Gateway.Accounts;

/// <summary>
/// A stored Argon2id password hash in the PHC string format
/// (<c>$argon2id$v=19$m=MEMORY_KIB,t=PASSES,p=1$SALT$HASH</c>, unpadded base64), as the users table keeps it.
/// Only what this gateway can verify parses: version 19, one lane, a 16-byte salt and a 32-byte hash.
/// </summary>
public sealed record Argon2idHash(int MemoryKib, int Iterations, byte[] Salt, byte[] Hash)
{
    public const int SaltBytes = 16;
    public const int HashBytes = 32;
    public const int MinMemoryKib = 8;
    public const int MaxMemoryKib = 1024 * 1024;
    public const int MaxIterations = 100;

    private const string Prefix = "$argon2id$v=19$";

    /// <summary>The PHC string.</summary>
    public string Encode() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}m={MemoryKib},t={Iterations},p=1${Unpadded(Salt)}${Unpadded(Hash)}");

    /// <summary>Parses a PHC string; null when it is malformed or names parameters this gateway does not compute.</summary>
    public static Argon2idHash? TryParse(string encoded)
    {
        if (!encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = encoded[Prefix.Length..].Split('$');
        if (parts.Length != 3 || TryParseParameters(parts[0]) is not { } parameters)
        {
            return null;
        }

        var salt = TryDecode(parts[1], SaltBytes);
        var hash = TryDecode(parts[2], HashBytes);
        return salt is null || hash is null ? null : new Argon2idHash(parameters.MemoryKib, parameters.Iterations, salt, hash);
    }

    private static (int MemoryKib, int Iterations)? TryParseParameters(string text)
    {
        var fields = text.Split(',');
        if (fields.Length != 3 || fields[2] != "p=1"
            || !TryParseField(fields[0], "m=", MinMemoryKib, MaxMemoryKib, out var memoryKib)
            || !TryParseField(fields[1], "t=", 1, MaxIterations, out var iterations))
        {
            return null;
        }

        return (memoryKib, iterations);
    }

    private static bool TryParseField(string field, string name, int min, int max, out int value)
    {
        value = 0;
        return field.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(field.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    private static byte[]? TryDecode(string unpadded, int expectedBytes)
    {
        if (unpadded.Length != (expectedBytes * 4 + 2) / 3)
        {
            return null;
        }

        var padded = unpadded + new string('=', (4 - unpadded.Length % 4) % 4);
        var bytes = new byte[expectedBytes];
        return Convert.TryFromBase64String(padded, bytes, out var written) && written == expectedBytes ? bytes : null;
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
