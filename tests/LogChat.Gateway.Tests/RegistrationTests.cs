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
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(64)]
    public async Task A_login_secret_that_is_not_32_bytes_is_refused(int length)
    {
        var name = UniqueName();
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => RegisterAsync(name, ByteString.CopyFrom(new byte[length])), "exactly 32 bytes");
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = $1", name));
    }

    [Fact]
    public async Task A_client_that_still_sends_a_password_is_told_to_update_and_register_again()
    {
        var name = UniqueName();
        using var identity = IdentityKeyPair.Generate();
        var old = RegisterRequest.Parser.ParseFrom(OldRegisterRequest(name, "a password sent in the clear", identity.PublicKey));

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => server.Client.RegisterAsync(old).ResponseAsync, "register again");
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
        Assert.DoesNotContain(Convert.ToBase64String(TestUser.LoginSecret.ToByteArray()).TrimEnd('='), hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_larger_than_the_gateway_cap_is_refused_and_the_gateway_keeps_serving()
    {
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => RegisterAsync(UniqueName(), ByteString.CopyFrom(new byte[100_000])));
        var response = await RegisterAsync(UniqueName());
        Assert.True(Guid.TryParse(response.UserId, out _));
    }

    private async Task<RegisterResponse> RegisterAsync(string username, ByteString? loginSecret = null, byte[]? key = null)
    {
        using var identity = IdentityKeyPair.Generate();
        return await server.Client.RegisterAsync(new RegisterRequest
        {
            Username = username,
            LoginSecret = loginSecret ?? TestUser.LoginSecret,
            IdentityPublicKey = ByteString.CopyFrom(key ?? identity.PublicKey),
        });
    }

    // RegisterRequest as clients before protocol v2 wrote it: username (1), password (2), identity key (3).
    private static byte[] OldRegisterRequest(string username, string password, byte[] identityKey)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(username);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(password);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(identityKey));
        output.Flush();
        return buffer.ToArray();
    }

    private static string UniqueName() => $"user-{Guid.NewGuid():N}"[..24];
}
