using LogChat.Grains.Accounts;
using LogChat.Grains.Errors;
using LogChat.Protocol.Accounts;

namespace LogChat.Gateway.Rpc;

/// <summary>
/// Checks a RotateKey request's signed rotation before anything acts on it: its shape, its time and its signature by the
/// key it names as old (whether that key is the account's current one is the account grain's to check).
/// </summary>
public static class KeyRotationValidation
{
    /// <summary>How far a rotation's signed time may be from the coordinator's clock.</summary>
    public static readonly TimeSpan MaxClockDifference = TimeSpan.FromMinutes(10);

    /// <summary>The verified rotation of <paramref name="userId"/>'s key to <paramref name="newKey"/>; INVALID_ARGUMENT naming what is wrong.</summary>
    public static SignedKeyRotation Verified(Protocol.Coordinator.V1.KeyRotation rotation, Guid userId, byte[] newKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        var oldKey = RequestValidation.IdentityKey(rotation.OldPublicKey, "signed_rotation.old_public_key");
        if (!rotation.NewPublicKey.Span.SequenceEqual(newKey))
        {
            throw CoordinatorException.InvalidArgument("signed_rotation.new_public_key must equal new_identity_key");
        }

        if (oldKey.AsSpan().SequenceEqual(newKey))
        {
            throw CoordinatorException.InvalidArgument("new_identity_key equals the old key: generate a new one");
        }

        if (rotation.RotatedAt > long.MaxValue
            || (DateTimeOffset.FromUnixTimeSeconds(Math.Min((long)rotation.RotatedAt, DateTimeOffset.MaxValue.ToUnixTimeSeconds())) - now).Duration() > MaxClockDifference)
        {
            throw CoordinatorException.InvalidArgument(
                $"signed_rotation.rotated_at must be within {MaxClockDifference.TotalMinutes} minutes of the coordinator's clock (is this machine's clock right?)");
        }

        var rotationToVerify = new Protocol.Accounts.KeyRotation(oldKey, newKey, (long)rotation.RotatedAt, rotation.Signature.ToByteArray());
        return KeyRotationStatement.Verify(userId, rotationToVerify)
            ? new SignedKeyRotation(rotationToVerify.OldKey, rotationToVerify.NewKey, rotationToVerify.RotatedAt, rotationToVerify.Signature)
            : throw CoordinatorException.InvalidArgument(
                "signed_rotation.signature is not old_public_key's signature of this rotation (docs/protocol.md section 23)");
    }
}
