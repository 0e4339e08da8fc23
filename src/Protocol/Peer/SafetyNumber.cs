using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LogChat.Protocol.Peer;

/// <summary>
/// The number two users compare (in person or on a call) to check they hold each other's real
/// identity keys. Both compute the same number whatever the order of the keys.
/// </summary>
public static class SafetyNumber
{
    /// <summary>Starts the hashed input.</summary>
    public const string Label = "LogChat safety number v1";

    /// <summary>Groups in a safety number.</summary>
    public const int GroupCount = 12;

    /// <summary>Decimal digits per group.</summary>
    public const int DigitsPerGroup = 5;

    /// <summary>Hash bytes turned into one group (40 bits, reduced modulo 10^5).</summary>
    private const int BytesPerGroup = 5;

    private const int GroupModulus = 100_000;

    /// <summary>
    /// SHA-512(label || lower key || higher key), keys ordered bytewise; each 5-byte chunk of the
    /// digest, read big-endian modulo 100000, gives one group of 5 digits; 12 groups joined by spaces.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not 32 bytes.</exception>
    public static string Compute(ReadOnlySpan<byte> identityKeyA, ReadOnlySpan<byte> identityKeyB)
    {
        if (identityKeyA.Length != IdentityPublicKey.Size)
        {
            throw new ArgumentException($"An identity key is {IdentityPublicKey.Size} bytes.", nameof(identityKeyA));
        }

        if (identityKeyB.Length != IdentityPublicKey.Size)
        {
            throw new ArgumentException($"An identity key is {IdentityPublicKey.Size} bytes.", nameof(identityKeyB));
        }

        var aFirst = identityKeyA.SequenceCompareTo(identityKeyB) <= 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(Encoding.ASCII.GetBytes(Label));
        hash.AppendData(aFirst ? identityKeyA : identityKeyB);
        hash.AppendData(aFirst ? identityKeyB : identityKeyA);
        var digest = hash.GetHashAndReset();

        var groups = new string[GroupCount];
        Span<byte> chunk = stackalloc byte[sizeof(ulong)];
        for (var group = 0; group < GroupCount; group++)
        {
            chunk.Clear();
            digest.AsSpan(group * BytesPerGroup, BytesPerGroup).CopyTo(chunk[(sizeof(ulong) - BytesPerGroup)..]);
            var value = BinaryPrimitives.ReadUInt64BigEndian(chunk) % GroupModulus;
            groups[group] = value.ToString("D" + DigitsPerGroup.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return string.Join(' ', groups);
    }
}
