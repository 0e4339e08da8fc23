namespace LogChat.Protocol.Accounts;

/// <summary>
/// One signed step of a user's identity key history: the holder of the old key declared the new key its successor
/// (docs/protocol.md section 23).
/// </summary>
/// <param name="OldKey">The Ed25519 identity public key replaced (32 bytes).</param>
/// <param name="NewKey">The Ed25519 identity public key that replaced it (32 bytes).</param>
/// <param name="RotatedAt">When, in whole seconds since the Unix epoch (UTC), as signed.</param>
/// <param name="Signature">Ed25519 signature by the old key over <see cref="KeyRotationStatement.Encode"/>.</param>
public sealed record KeyRotation(byte[] OldKey, byte[] NewKey, long RotatedAt, byte[] Signature);
