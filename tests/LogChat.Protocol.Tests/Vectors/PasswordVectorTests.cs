using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogChat.Protocol.Accounts;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>docs/vectors/password-v2.json: the bytes of docs/protocol.md section 21 for fixed inputs.</summary>
public sealed class PasswordVectorTests
{
    [Fact]
    public void The_published_password_vectors_are_what_the_code_produces()
    {
        PublishedVectors.AssertPublished("password-v2.json", Generate());
    }

    private static string Generate()
    {
        const string Username = "alice";
        const string Password = "correct horse battery staple";
        var clusterSecret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var salt = HMACSHA256.HashData(clusterSecret, Encoding.UTF8.GetBytes(Username))[..PasswordSecrets.SaltSize];
        using var secrets = PasswordSecrets.Derive(Password, salt, PasswordCost.Floor);
        var vectors = new JsonObject
        {
            ["comment"] = "docs/protocol.md section 21; hex byte strings",
            ["clusterSecret"] = Convert.ToHexStringLower(clusterSecret),
            ["username"] = Username,
            ["loginSalt"] = Convert.ToHexStringLower(salt),
            ["password"] = Password,
            ["argon2idMemoryKib"] = PasswordCost.Floor.MemoryKib,
            ["argon2idIterations"] = PasswordCost.Floor.Iterations,
            ["argon2idParallelism"] = 1,
            ["loginSecret"] = Convert.ToHexStringLower(secrets.LoginSecret),
            ["keyEncryptionKey"] = Convert.ToHexStringLower(secrets.KeyEncryptionKey),
        };
        return vectors.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
