using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Versions;
using Xunit;

namespace LogChat.Gateway.Tests.Rpc;

/// <summary>A gateway that serves logchat 0.3.0 and newer.</summary>
public sealed class MinimumVersionGatewayServer : GatewayServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
        [new("LogChat:Gateway:MinimumClientVersion", "0.3.0")];
}

[Trait("Category", "Postgres")]
public sealed class MinimumVersionTests(MinimumVersionGatewayServer server) : IClassFixture<MinimumVersionGatewayServer>
{
    private const string Upgrade = "this coordinator serves logchat 0.3.0 or newer (coordinator protocol 2 or newer)";

    [Theory]
    [InlineData("logchat/0.2.9", "2")]
    [InlineData("logchat/0.1.0", "2")]
    [InlineData("logchat/1.0.0", "1")]
    public async Task An_older_client_is_refused_before_authentication_on_unary_and_streaming_calls_with_the_minimum_named(string client, string protocol)
    {
        var old = Versioned(client, protocol);

        var unary = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => server.Client.GetUserAsync(new GetUserRequest { Username = "alice" }, old).ResponseAsync, Upgrade);
        var anonymous = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => server.Client.GetLoginSaltAsync(new GetLoginSaltRequest { Username = "alice" }, old).ResponseAsync, Upgrade);
        var streaming = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, async () =>
        {
            using var call = server.Client.Connect(new ConnectRequest(), old);
            await call.ResponseStream.MoveNext();
        }, Upgrade);

        Assert.All(new[] { unary, anonymous, streaming }, refusal =>
        {
            Assert.Equal("0.3.0", refusal.Trailers.GetValue(VersionHeaders.MinimumClientTrailer));
            Assert.Contains($"this client is logchat {client[8..]} (protocol {protocol}): please upgrade", refusal.Status.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_call_without_version_headers_counts_as_logchat_0_1_0_and_is_refused_here()
    {
        var refusal = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => server.Client.GetLoginSaltAsync(new GetLoginSaltRequest { Username = "alice" }).ResponseAsync, Upgrade);

        Assert.Contains("this client sent no version, which counts as logchat 0.1.0 (protocol 2)", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_served_version_goes_on_to_authentication_and_a_valid_token_with_an_old_version_is_still_refused()
    {
        var current = Versioned("logchat/0.3.0", "2");
        var newer = Versioned("logchat/12.0.4", "9");
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated,
            () => server.Client.GetUserAsync(new GetUserRequest { Username = "alice" }, current).ResponseAsync, "log in");
        var name = $"ver-{Guid.NewGuid():N}"[..16];
        using var identity = LogChat.Protocol.Peer.IdentityKeyPair.Generate();
        await server.Client.RegisterAsync(new RegisterRequest
        {
            Username = name,
            LoginSecret = TestUser.LoginSecret,
            IdentityPublicKey = Google.Protobuf.ByteString.CopyFrom(identity.PublicKey),
        }, current);
        var login = await server.Client.LoginAsync(new LoginRequest { Username = name, LoginSecret = TestUser.LoginSecret }, newer);

        var found = await server.Client.GetUserAsync(new GetUserRequest { Username = name }, WithToken(current, login.Token));

        Assert.Equal(name, found.Username);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => server.Client.GetUserAsync(new GetUserRequest { Username = name }, WithToken(Versioned("logchat/0.2.0", "2"), login.Token)).ResponseAsync, Upgrade);
    }

    [Theory]
    [InlineData("logchat/0.3", "2")]
    [InlineData("logchat/0.3.0-beta", "2")]
    [InlineData("logchat/03.0.0", "2")]
    [InlineData("logchat/ 1.0.0", "2")]
    [InlineData("other/1.0.0", "2")]
    [InlineData("logchat/1.0.0", "0")]
    [InlineData("logchat/1.0.0", "02")]
    [InlineData("logchat/1.0.0", "1000")]
    [InlineData("logchat/1.0.0", null)]
    [InlineData(null, "2")]
    public async Task Malformed_or_half_version_headers_are_invalid_argument_on_unary_and_streaming_calls(string? client, string? protocol)
    {
        var headers = new Metadata();
        if (client is not null)
        {
            headers.Add(VersionHeaders.Client, client);
        }

        if (protocol is not null)
        {
            headers.Add(VersionHeaders.Protocol, protocol);
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => server.Client.LoginAsync(new LoginRequest { Username = "alice", LoginSecret = TestUser.LoginSecret }, headers).ResponseAsync, "malformed version headers");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, async () =>
        {
            using var call = server.Client.Connect(new ConnectRequest(), headers);
            await call.ResponseStream.MoveNext();
        }, "malformed version headers");
    }

    [Fact]
    public async Task A_version_header_sent_twice_is_invalid_argument()
    {
        var twice = Versioned("logchat/1.0.0", "2");
        twice.Add(VersionHeaders.Client, "logchat/0.1.0");

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => server.Client.GetLoginSaltAsync(new GetLoginSaltRequest { Username = "alice" }, twice).ResponseAsync, "once each");
    }

    private static Metadata Versioned(string client, string protocol) => new() { { VersionHeaders.Client, client }, { VersionHeaders.Protocol, protocol } };

    private static Metadata WithToken(Metadata headers, string token)
    {
        var withToken = new Metadata { { "authorization", $"Bearer {token}" } };
        foreach (var entry in headers)
        {
            withToken.Add(entry);
        }

        return withToken;
    }
}

/// <summary>A gateway with the default minimum: today's release, and the clients from before the headers.</summary>
[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class DefaultMinimumVersionTests(GatewayServer server)
{
    [Fact]
    public async Task By_default_calls_without_version_headers_and_from_this_release_are_served_and_an_older_one_is_not()
    {
        var request = new GetLoginSaltRequest { Username = "alice" };

        await server.Client.GetLoginSaltAsync(request);
        await server.Client.GetLoginSaltAsync(request, new Metadata { { VersionHeaders.Client, "logchat/0.1.0" }, { VersionHeaders.Protocol, "2" } });

        var refusal = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => server.Client.GetLoginSaltAsync(request, new Metadata { { VersionHeaders.Client, "logchat/0.0.9" }, { VersionHeaders.Protocol, "2" } }).ResponseAsync,
            "this coordinator serves logchat 0.1.0 or newer");
        Assert.Equal("0.1.0", refusal.Trailers.GetValue(VersionHeaders.MinimumClientTrailer));
    }
}
