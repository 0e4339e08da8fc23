using System.Globalization;
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
    [Fact]
    public async Task Correct_logins_are_never_refused_by_the_failure_limit()
    {
        var user = await TestUser.CreateAsync(server, "often");

        for (var i = 0; i < 12; i++)
        {
            await LoginAsync(user.Name, TestUser.Password);
        }

        // Failures within the free ones, each followed by a correct login, never add up.
        for (var i = 0; i < 4; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => LoginAsync(user.Name, "wrong password"), "wrong username or password");
            await LoginAsync(user.Name, TestUser.Password);
        }
    }

    [Fact]
    public async Task Failed_logins_past_the_free_ones_make_the_next_attempt_wait_ever_longer_until_a_correct_one_clears_them()
    {
        var user = await TestUser.CreateAsync(server, "victim");
        for (var i = 0; i < 2; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => LoginAsync(user.Name, "wrong password"));
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            await Eventually.TrueAsync(async () => await AttemptAsync(user.Name, "wrong password") == StatusCode.Unauthenticated,
                "the next attempt admitted once the wait is over");
            var refusal = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => LoginAsync(user.Name, "wrong password"), "too many failed logins");
            waits.Add(RetryAfter(refusal));
        }

        Assert.True(waits[0] > LoginBackoffGatewayServer.BackoffBase, $"the first wait ({waits[0]}) is not past the base delay");
        Assert.True(waits[1] > waits[0] && waits[2] > waits[1], $"the waits do not grow: {string.Join(", ", waits)}");

        // A correct login once admitted (never a lockout) forgets the failures: wrong ones are answered at once again.
        await Eventually.TrueAsync(async () => await AttemptAsync(user.Name, TestUser.Password) == StatusCode.OK, "a correct login after the wait");
        for (var i = 0; i < 2; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => LoginAsync(user.Name, "wrong password"));
        }
    }

    private Task<LoginResponse> LoginAsync(string username, string password) =>
        server.Client.LoginAsync(new LoginRequest { Username = username, Password = password }).ResponseAsync;

    private Task<StatusCode> AttemptAsync(string username, string password) => RpcAssert.StatusOfAsync(() => LoginAsync(username, password));

    private static TimeSpan RetryAfter(RpcException refusal) =>
        TimeSpan.FromMilliseconds(long.Parse(refusal.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture));
}
