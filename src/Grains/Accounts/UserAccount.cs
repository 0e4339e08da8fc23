namespace LogChat.Grains.Accounts;

/// <summary>A registered user as the coordinator stores it (rows of <c>users</c> and <c>public_keys</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record UserAccount(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Username,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] byte[] IdentityKey,
    [property: Id(4)] DateTimeOffset CreatedAt)
{
    /// <summary>The signed rotations that led to the current key, newest first, at most <see cref="UserStore.MaxKeyRotations"/>.</summary>
    [Id(5)]
    public IReadOnlyList<SignedKeyRotation> KeyRotations { get; init; } = [];

    /// <summary>The public part other users may see.</summary>
    public Participant ToParticipant() => new(UserId, Username, IdentityKey) { KeyRotations = KeyRotations };
}
