using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class RegistrationTests(GatewayServer server)
{
    public static TheoryData<string, string> BadUsernames => new()
    {
        { "", "username is required" },
        { "ab", "3-32 characters" },
        { new string('a', 33), "3-32 characters" },
        { "bad name", "may contain only" },
        { "émile", "may contain only" },
        { "bob/../x", "may contain only" },
    };

    [Theory]
    [MemberData(nameof(BadUsernames))]
    public async Task A_bad_username_is_refused_and_nothing_is_written(string username, string message)
    {
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => RegisterAsync(username), message);
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = $1", username.ToLowerInvariant()));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1025)]
    public async Task A_password_outside_8_to_1024_bytes_is_refused(int length)
    {
        var name = UniqueName();
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => RegisterAsync(name, new string('p', length)), "8-1024 bytes");
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = $1", name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public async Task An_identity_key_of_the_wrong_length_is_refused(int length)
    {
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => RegisterAsync(UniqueName(), key: new byte[length]), "exactly 32 bytes");
    }

    [Fact]
    public async Task An_identity_key_that_is_not_an_Ed25519_point_is_refused()
    {
        var notAPoint = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var name = UniqueName();
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => RegisterAsync(name, key: notAPoint), "not a valid Ed25519 public key");
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = $1", name));
    }

    [Fact]
    public async Task A_taken_username_is_refused_whatever_its_case()
    {
        var name = UniqueName();
        await RegisterAsync(name);
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => RegisterAsync(name.ToUpperInvariant()), "is taken");
        Assert.Equal(1L, await server.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = $1", name));
    }

    [Fact]
    public async Task Registration_writes_the_user_its_key_and_an_offline_presence()
    {
        using var identity = IdentityKeyPair.Generate();
        var name = UniqueName();
        var response = await RegisterAsync(name.ToUpperInvariant(), key: identity.PublicKey);
        var userId = Guid.Parse(response.UserId);

        Assert.Equal(name, await server.ScalarAsync<string>("SELECT username FROM users WHERE id = $1", userId));
        Assert.Equal(identity.PublicKey, await server.ScalarAsync<byte[]>("SELECT public_key FROM public_keys WHERE user_id = $1 AND key_type = 'ed25519'", userId));
        Assert.False(await server.ScalarAsync<bool>("SELECT is_online FROM user_presence WHERE user_id = $1", userId));
        var hash = await server.ScalarAsync<string>("SELECT password_hash FROM users WHERE id = $1", userId);
        Assert.StartsWith("$argon2id$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain(TestUser.Password, hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_larger_than_the_gateway_cap_is_refused_and_the_gateway_keeps_serving()
    {
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => RegisterAsync(UniqueName(), new string('p', 100_000)));
        var response = await RegisterAsync(UniqueName());
        Assert.True(Guid.TryParse(response.UserId, out _));
    }

    private async Task<RegisterResponse> RegisterAsync(string username, string password = TestUser.Password, byte[]? key = null)
    {
        using var identity = IdentityKeyPair.Generate();
        return await server.Client.RegisterAsync(new RegisterRequest
        {
            Username = username,
            Password = password,
            IdentityPublicKey = ByteString.CopyFrom(key ?? identity.PublicKey),
        });
    }

    private static string UniqueName() => $"user-{Guid.NewGuid():N}"[..24];
}
