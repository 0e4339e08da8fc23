using System.Buffers.Binary;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Peer;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>docs/vectors/key-rotation-v1.json: the statement and signature of docs/protocol.md section 23 for fixed inputs.</summary>
public sealed class KeyRotationVectorTests
{
    private const long RotatedAt = 1_800_000_000;

    [Fact]
    public void The_published_key_rotation_vector_is_what_the_code_and_the_spec_produce()
    {
        PublishedVectors.AssertPublished("key-rotation-v1.json", Generate());
    }

    private static string Generate()
    {
        using var oldKey = IdentityKeyPair.FromPrivateKey(Convert.FromHexString(VectorInputs.DialerIdentityPrivateKey));
        using var newKey = IdentityKeyPair.FromPrivateKey(Convert.FromHexString(VectorInputs.HostIdentityPrivateKey));
        var userId = VectorInputs.DialerUserId;
        var rotation = KeyRotationStatement.Sign(oldKey, userId, newKey.PublicKey, RotatedAt);

        // The statement written out again from the page, apart from the code.
        var time = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(time, RotatedAt);
        byte[] fromSpec = [.. SpecBytes.Ascii("LogChat key rotation v1"), .. SpecBytes.Uuid(userId), .. oldKey.PublicKey, .. newKey.PublicKey, .. time];
        var statement = KeyRotationStatement.Encode(userId, oldKey.PublicKey, newKey.PublicKey, RotatedAt);
        Assert.Equal(fromSpec, statement);
        Assert.True(KeyRotationStatement.Verify(userId, rotation));

        return VectorJson.Write(json =>
        {
            json.WriteString("comment", "docs/protocol.md section 23; hex byte strings; Ed25519 keys of RFC 8032 section 7.1 tests 1 (old) and 2 (new)");
            json.WriteString("userId", userId.ToString());
            VectorJson.Hex(json, "userIdBytes", SpecBytes.Uuid(userId));
            VectorJson.Hex(json, "oldPrivateKey", Convert.FromHexString(VectorInputs.DialerIdentityPrivateKey));
            VectorJson.Hex(json, "oldPublicKey", oldKey.PublicKey);
            VectorJson.Hex(json, "newPublicKey", newKey.PublicKey);
            json.WriteNumber("rotatedAt", RotatedAt);
            VectorJson.Hex(json, "statement", statement);
            VectorJson.Hex(json, "signature", rotation.Signature);
        });
    }
}
