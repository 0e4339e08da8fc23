using System.Security.Cryptography;
using System.Text;
using LogChat.Protocol.Accounts;
using NSec.Cryptography;

namespace LogChat.Protocol.Tests.Accounts;

public sealed class PasswordSecretsTests
{
    private const string Password = "correct horse battery staple";
    private static readonly byte[] Salt = "logchat-salt-16b"u8.ToArray();

    [Fact]
    public void Both_secrets_are_HKDF_expansions_of_one_Argon2id_output_under_distinct_labels()
    {
        var argon2id = new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = PasswordCost.Floor.MemoryKib, NumberOfPasses = PasswordCost.Floor.Iterations };
        var master = PasswordBasedKeyDerivationAlgorithm.Argon2id(in argon2id).DeriveBytes(Encoding.UTF8.GetBytes(Password), Salt, 32);

        using var secrets = PasswordSecrets.Derive(Password, Salt, PasswordCost.Floor);

        Assert.Equal(HKDF.Expand(HashAlgorithmName.SHA256, master, 32, "logchat login secret v2"u8.ToArray()), secrets.LoginSecret);
        Assert.Equal(HKDF.Expand(HashAlgorithmName.SHA256, master, 32, "logchat identity key encryption v2"u8.ToArray()), secrets.KeyEncryptionKey);
        Assert.NotEqual(secrets.LoginSecret, secrets.KeyEncryptionKey);
    }

    [Fact]
    public void Another_salt_or_password_gives_other_secrets()
    {
        using var secrets = PasswordSecrets.Derive(Password, Salt, PasswordCost.Floor);
        using var otherSalt = PasswordSecrets.Derive(Password, "logchat-salt-17b"u8, PasswordCost.Floor);
        using var otherPassword = PasswordSecrets.Derive(Password + "!", Salt, PasswordCost.Floor);

        Assert.NotEqual(secrets.LoginSecret, otherSalt.LoginSecret);
        Assert.NotEqual(secrets.LoginSecret, otherPassword.LoginSecret);
    }

    [Theory]
    [InlineData(32 * 1024, 3)]
    [InlineData(64 * 1024, 2)]
    [InlineData(8 * 1024 * 1024, 3)]
    public void A_cost_outside_the_floor_and_ceiling_is_refused_before_any_work(int memoryKib, int iterations)
    {
        Assert.Throws<ArgumentException>(() => PasswordSecrets.Derive(Password, Salt, new PasswordCost(memoryKib, iterations)));
    }

    [Fact]
    public void A_salt_of_another_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PasswordSecrets.Derive(Password, new byte[32], PasswordCost.Floor));
    }

    [Fact]
    public void The_floor_is_at_least_64_MiB_and_three_passes()
    {
        Assert.True(PasswordCost.Floor.MemoryKib >= 64 * 1024);
        Assert.True(PasswordCost.Floor.Iterations >= 3);
    }
}
