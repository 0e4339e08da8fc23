namespace LogChat.Grains.Accounts;

/// <summary>
/// A rotation of a user's identity key that the old key signed (docs/protocol.md section 23); the coordinator keeps it
/// for contacts' clients, which check it against the key they pinned.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SignedKeyRotation(
    [property: Id(0)] byte[] OldKey,
    [property: Id(1)] byte[] NewKey,
    [property: Id(2)] long RotatedAt,
    [property: Id(3)] byte[] Signature);
