using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests.RateLimiting;

/// <summary>A gateway whose login backoff starts after two failures, with short waits.</summary>
public sealed class LoginBackoffGatewayServer : GatewayServer
{
    public static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(200);

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:RateLimits:LoginFreeFailures", "2"),
        new("LogChat:RateLimits:LoginBackoffBase", BackoffBase.ToString()),
        new("LogChat:RateLimits:LoginBackoffMax", "00:00:05"),
    ];
}

[Trait("Category", "Postgres")]
public sealed class LoginBackoffTests(LoginBackoffGatewayServer server) : IClassFixture<LoginBackoffGatewayServer>
{
    private static readonly ByteString WrongSecret = ByteString.CopyFrom(new byte[32]);

    [Fact]
    public async Task Correct_logins_are_never_refused_by_the_failure_limit()
    {
        var user = await TestUser.CreateAsync(server, "often");

        for (var i = 0; i < 12; i++)
        {
            await LoginAsync(user.Name, TestUser.LoginSecret);
        }

        // Failures within the free ones, each followed by a correct login, never add up.
        for (var i = 0; i < 4; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => LoginAsync(user.Name, WrongSecret), "wrong username or password");
            await LoginAsync(user.Name, TestUser.LoginSecret);
        }
    }

    [Fact]
    public async Task Failed_logins_past_the_free_ones_make_the_next_attempt_wait_ever_longer_until_a_correct_one_clears_them()
    {
        var user = await TestUser.CreateAsync(server, "victim");
        for (var i = 0; i < 2; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => LoginAsync(user.Name, WrongSecret));
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            await Eventually.TrueAsync(async () => await AttemptAsync(user.Name, WrongSecret) == StatusCode.Unauthenticated,
                "the next attempt admitted once the wait is over");
            var refusal = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => LoginAsync(user.Name, WrongSecret), "too many failed logins");
            waits.Add(RetryAfter(refusal));
        }

        Assert.True(waits[0] > LoginBackoffGatewayServer.BackoffBase, $"the first wait ({waits[0]}) is not past the base delay");
        Assert.True(waits[1] > waits[0] && waits[2] > waits[1], $"the waits do not grow: {string.Join(", ", waits)}");

        // A correct login once admitted (never a lockout) forgets the failures: wrong ones are answered at once again.
        await Eventually.TrueAsync(async () => await AttemptAsync(user.Name, TestUser.LoginSecret) == StatusCode.OK, "a correct login after the wait");
        for (var i = 0; i < 2; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => LoginAsync(user.Name, WrongSecret));
        }
    }

    private Task<LoginResponse> LoginAsync(string username, ByteString loginSecret) =>
        server.Client.LoginAsync(new LoginRequest { Username = username, LoginSecret = loginSecret }).ResponseAsync;

    private Task<StatusCode> AttemptAsync(string username, ByteString loginSecret) => RpcAssert.StatusOfAsync(() => LoginAsync(username, loginSecret));

    private static TimeSpan RetryAfter(RpcException refusal) =>
        TimeSpan.FromMilliseconds(long.Parse(refusal.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture));
}
