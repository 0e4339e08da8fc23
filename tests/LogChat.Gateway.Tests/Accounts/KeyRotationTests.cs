using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Accounts;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using Xunit;
using KeyRotation = LogChat.Protocol.Accounts.KeyRotation;

namespace LogChat.Gateway.Tests.Accounts;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class KeyRotationTests(GatewayServer server)
{
    [Fact]
    public async Task A_signed_rotation_publishes_the_new_key_with_its_signature_and_retires_the_old_one_with_a_time()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var oldKey = alice.Identity.PublicKey;
        var next = IdentityKeyPair.Generate();
        var aliceStream = new EventFeed(server.Client.Connect(new ConnectRequest(), await alice.LoginAsync()));
        await aliceStream.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.Connected);

        await server.Client.RotateKeyAsync(alice.SignedRotationTo(next), await alice.LoginAsync());
        alice.Adopt(next);

        Assert.Equal(StatusCode.Unauthenticated, (await aliceStream.EndAsync()).StatusCode);
        await aliceStream.DisposeAsync();
        var published = (await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth)).IdentityKeys.Single();
        Assert.Equal(next.PublicKey, published.PublicKey.ToByteArray());
        var rotation = Assert.Single(published.Rotations);
        Assert.Equal(oldKey, rotation.OldPublicKey.ToByteArray());
        Assert.True(KeyRotationChain.Connects(alice.UserId, oldKey, next.PublicKey, [ToDomain(rotation)]));
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM public_keys WHERE user_id = $1 AND public_key = $2 AND retired_at IS NOT NULL", alice.UserId, oldKey));
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM public_keys WHERE user_id = $1 AND retired_at IS NULL AND octet_length(rotation_signature) = 64", alice.UserId));
    }

    [Fact]
    public async Task Two_signed_rotations_reach_a_chat_request_as_a_chain_from_the_first_key()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var first = alice.Identity.PublicKey;
        foreach (var next in new[] { IdentityKeyPair.Generate(), IdentityKeyPair.Generate() })
        {
            await server.Client.RotateKeyAsync(alice.SignedRotationTo(next), await alice.LoginAsync());
            alice.Adopt(next);
        }

        var bob = await TestUser.CreateAsync(server, "bob");
        await using var bobStream = await bob.GoOnlineAsync(canAcceptInbound: true);
        var aliceAuth = await alice.LoginAsync();
        await using var aliceStream = new EventFeed(server.Client.Connect(new ConnectRequest(), aliceAuth));
        await aliceStream.NextAsync(e => e.EventCase == ServerEvent.EventOneofCase.Connected);
        var requested = await server.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, aliceAuth);

        var shown = (await bobStream.ChatRequestedAsync(requested.SessionId)).FromIdentityKey;
        Assert.Equal(alice.Identity.PublicKey, shown.PublicKey.ToByteArray());
        Assert.Equal(2, shown.Rotations.Count);
        Assert.True(KeyRotationChain.Connects(alice.UserId, first, alice.Identity.PublicKey, [.. shown.Rotations.Select(ToDomain)]));
    }

    [Fact]
    public async Task A_rotation_without_the_old_key_publishes_the_new_key_with_no_chain_to_follow()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        var signedNext = IdentityKeyPair.Generate();
        await server.Client.RotateKeyAsync(alice.SignedRotationTo(signedNext), await alice.LoginAsync());
        alice.Adopt(signedNext);
        var lostKeyNext = IdentityKeyPair.Generate();

        await server.Client.RotateKeyAsync(
            new RotateKeyRequest { LoginSecret = TestUser.LoginSecret, NewIdentityKey = ByteString.CopyFrom(lostKeyNext.PublicKey) }, await alice.LoginAsync());
        alice.Adopt(lostKeyNext);

        var published = (await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, bob.Auth)).IdentityKeys.Single();
        Assert.Equal(lostKeyNext.PublicKey, published.PublicKey.ToByteArray());
        Assert.Empty(published.Rotations);
    }

    [Fact]
    public async Task A_signed_rotation_from_a_key_that_is_no_longer_current_is_a_failed_precondition()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var stale = alice.SignedRotationTo(IdentityKeyPair.Generate());
        using var replacement = IdentityKeyPair.Generate();
        await server.Client.RotateKeyAsync(
            new RotateKeyRequest { LoginSecret = TestUser.LoginSecret, NewIdentityKey = ByteString.CopyFrom(replacement.PublicKey) }, await alice.LoginAsync());

        await RpcAssert.FailsAsync(
            StatusCode.FailedPrecondition,
            async () => await server.Client.RotateKeyAsync(stale, await alice.LoginAsync()),
            "no longer this account's current key");
    }

    [Fact]
    public async Task A_key_the_account_used_before_is_invalid_argument()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        var first = alice.Identity.PublicKey;
        var next = IdentityKeyPair.Generate();
        await server.Client.RotateKeyAsync(alice.SignedRotationTo(next), await alice.LoginAsync());
        alice.Adopt(next);

        await RpcAssert.FailsAsync(
            StatusCode.InvalidArgument,
            async () => await server.Client.RotateKeyAsync(
                new RotateKeyRequest { LoginSecret = TestUser.LoginSecret, NewIdentityKey = ByteString.CopyFrom(first) }, await alice.LoginAsync()),
            "new_identity_key was this account's key before");
    }

    [Fact]
    public async Task Malformed_rotations_are_invalid_argument_naming_the_field()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        using var next = IdentityKeyPair.Generate();
        using var other = IdentityKeyPair.Generate();
        var auth = await alice.LoginAsync();
        var good = alice.SignedRotationTo(next);

        var cases = new (RotateKeyRequest Request, string Message)[]
        {
            (new RotateKeyRequest { LoginSecret = TestUser.LoginSecret, NewIdentityKey = ByteString.CopyFrom(new byte[31]) }, "new_identity_key must be exactly 32 bytes (got 31)"),
            (new RotateKeyRequest { LoginSecret = TestUser.LoginSecret, NewIdentityKey = ByteString.CopyFrom(new byte[32]) }, "new_identity_key is not a valid Ed25519 public key"),
            (WithRotation(good, r => r.Signature = ByteString.CopyFrom(new byte[64])), "signed_rotation.signature is not old_public_key's signature"),
            (WithRotation(good, r => r.RotatedAt += 1), "signed_rotation.signature is not old_public_key's signature"),
            (WithRotation(good, r => r.NewPublicKey = ByteString.CopyFrom(other.PublicKey)), "signed_rotation.new_public_key must equal new_identity_key"),
            (WithRotation(good, r => r.OldPublicKey = ByteString.CopyFrom(new byte[3])), "signed_rotation.old_public_key must be exactly 32 bytes (got 3)"),
            (alice.SignedRotationTo(next, DateTimeOffset.UtcNow.AddHours(-1)), "signed_rotation.rotated_at must be within 10 minutes"),
            (WithRotation(good, r => r.RotatedAt = ulong.MaxValue), "signed_rotation.rotated_at must be within 10 minutes"),
            (new RotateKeyRequest { LoginSecret = ByteString.CopyFrom(new byte[2]), NewIdentityKey = ByteString.CopyFrom(next.PublicKey) }, "login_secret must be exactly 32 bytes (got 2)"),
        };
        foreach (var (request, message) in cases)
        {
            await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => server.Client.RotateKeyAsync(request, auth).ResponseAsync, message);
        }

        Assert.Equal(alice.Identity.PublicKey, (await server.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, auth)).IdentityKeys.Single().PublicKey.ToByteArray());
    }

    [Fact]
    public async Task A_rotation_with_a_wrong_login_secret_is_permission_denied()
    {
        using var alice = await KeyedUser.RegisterAsync(server, "alice");
        using var next = IdentityKeyPair.Generate();
        var request = alice.SignedRotationTo(next);
        request.LoginSecret = ByteString.CopyFrom(new byte[32]);

        await RpcAssert.FailsAsync(
            StatusCode.PermissionDenied,
            async () => await server.Client.RotateKeyAsync(request, await alice.LoginAsync()),
            "login_secret does not match");
    }

    private static RotateKeyRequest WithRotation(RotateKeyRequest request, Action<Protocol.Coordinator.V1.KeyRotation> change)
    {
        var copy = request.Clone();
        change(copy.SignedRotation);
        return copy;
    }

    private static KeyRotation ToDomain(Protocol.Coordinator.V1.KeyRotation rotation) =>
        new(rotation.OldPublicKey.ToByteArray(), rotation.NewPublicKey.ToByteArray(), (long)rotation.RotatedAt, rotation.Signature.ToByteArray());
}
