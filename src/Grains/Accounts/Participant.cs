namespace LogChat.Grains.Accounts;

/// <summary>A user as a chat peer sees it: id, canonical name and Ed25519 identity public key.</summary>
[GenerateSerializer, Immutable]
public sealed record Participant(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] byte[] IdentityKey)
{
    /// <summary>The signed rotations that led to <see cref="IdentityKey"/>, newest first (empty when there are none).</summary>
    [Id(3)]
    public IReadOnlyList<SignedKeyRotation> KeyRotations { get; init; } = [];
}
