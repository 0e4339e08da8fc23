using System.Security.Cryptography;

namespace LogChat.Protocol.Accounts;

/// <summary>
/// Whether a user's current identity key descends, by signed rotations only, from a key this client pinned
/// (docs/protocol.md section 23.3). The anchor is always the pinned key: a chain the coordinator supplies proves
/// nothing unless each step is signed by the key before it, starting from the one the client already trusted.
/// </summary>
public static class KeyRotationChain
{
    /// <summary>The most rotations a coordinator sends with a key, and a client follows.</summary>
    public const int MaxLength = 8;

    /// <summary>
    /// True when <paramref name="rotations"/> (in any order, at most <see cref="MaxLength"/>) lead from
    /// <paramref name="pinnedKey"/> to <paramref name="currentKey"/> for <paramref name="userId"/>, each step verified.
    /// </summary>
    public static bool Connects(Guid userId, ReadOnlySpan<byte> pinnedKey, ReadOnlySpan<byte> currentKey, IReadOnlyList<KeyRotation> rotations)
    {
        ArgumentNullException.ThrowIfNull(rotations);
        if (rotations.Count > MaxLength)
        {
            return false;
        }

        var key = pinnedKey.ToArray();
        for (var step = 0; step < rotations.Count; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(key, currentKey))
            {
                return step > 0;
            }

            var next = rotations.FirstOrDefault(rotation => rotation.OldKey is not null && CryptographicOperations.FixedTimeEquals(rotation.OldKey, key));
            if (next is null || !KeyRotationStatement.Verify(userId, next))
            {
                return false;
            }

            key = next.NewKey;
        }

        return rotations.Count > 0 && CryptographicOperations.FixedTimeEquals(key, currentKey);
    }
}
