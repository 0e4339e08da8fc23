using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Protocol.Peer;
using LogChat.Testing;
using Xunit.Abstractions;

namespace LogChat.System.Tests;

/// <summary>
/// A gateway whose PostgreSQL (a server of this test's own) stops under it and comes back: calls that need the
/// database get UNAVAILABLE with a retry hint, readiness says so, open streams stay, and once the database is back the
/// same gateway process serves everything again.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ByteString LoginSecret = ByteString.CopyFrom(Enumerable.Repeat((byte)0x0d, 32).ToArray());
    private readonly string _homes = Path.Combine(Path.GetTempPath(), "logchat-outage-" + Guid.NewGuid().ToString("N"));
    private readonly Uri _admin = new($"http://127.0.0.1:{LoopbackPorts.GetFree()}");
    private ThrowawayPostgres? _postgres;
    private GatewayProcess? _gateway;
    private GrpcChannel? _channel;

    private ThrowawayPostgres Postgres => _postgres!;

    private Coordinator.CoordinatorClient Client => new(_channel!);

    public async Task InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.StartAsync();
        _gateway = await GatewayProcess.StartAsync(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Admin__ListenUrl"] = _admin.ToString().TrimEnd('/'),
            ["Gateway__KeepAliveInterval"] = "00:00:01",
        });
        _channel = GrpcChannel.ForAddress(_gateway.Url);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        _gateway?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (Directory.Exists(_homes))
        {
            Directory.Delete(_homes, recursive: true);
        }
    }

    [Fact]
    public async Task Without_its_database_the_gateway_answers_unavailable_with_a_retry_hint_and_recovers_without_a_restart()
    {
        await RegisterAsync("alice");
        var alice = await LoginAsync("alice");
        using var stream = Client.Connect(new ConnectRequest(), alice);
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("Healthy", await ReadinessAsync());

        await Postgres.StopAsync();

        var register = await FailureAsync(() => RegisterAsync("bob"));
        var login = await FailureAsync(() => LoginAsync("alice"));
        output.WriteLine($"database stopped: Register {register.StatusCode} \"{register.Status.Detail}\" retry-after-ms {register.Trailers.GetValue("retry-after-ms")}");
        output.WriteLine($"database stopped: Login {login.StatusCode} \"{login.Status.Detail}\"");
        foreach (var refusal in new[] { register, login })
        {
            Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
            Assert.Contains("database", refusal.Status.Detail, StringComparison.Ordinal);
            Assert.True(long.Parse(refusal.Trailers.GetValue("retry-after-ms")!, CultureInfo.InvariantCulture) > 0);
        }

        using var cli = ClientProcess.Start(_gateway!.Url.ToString(), Path.Combine(_homes, "carol"), "register", "carol");
        cli.CloseInput();
        Assert.NotEqual(0, await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        output.WriteLine($"database stopped: logchat register says: {cli.Status.Trim()}");
        Assert.Contains("temporarily unavailable", cli.Status, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await ReadinessAsync() == "Degraded", "readiness to say Degraded");
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None), "the open stream still gets its keep-alives");

        await Postgres.StartAgainAsync();

        await Eventually.TrueAsync(async () => await SucceedsAsync(() => RegisterAsync("bob")), "Register to succeed again");
        var bob = await LoginAsync("bob");
        var found = await Client.GetUserAsync(new GetUserRequest { Username = "alice" }, bob);
        Assert.True(found.Presence.Online);
        Assert.Equal(0, await ClientProcess.RunAsync(_gateway.Url.ToString(), Path.Combine(_homes, "carol"), "register", "carol"));
        await Eventually.TrueAsync(async () => await ReadinessAsync() == "Healthy", "readiness to say Healthy");
        // Orleans logs its own storage failures as errors; LogChat's code answers the fault and logs no error of its own.
        Assert.DoesNotContain(_gateway.Log.Split('\n'), line => line.Contains("\"LogLevel\":\"Error\",\"Category\":\"LogChat.", StringComparison.Ordinal));
    }

    private async Task RegisterAsync(string username)
    {
        using var identity = IdentityKeyPair.Generate();
        await Client.RegisterAsync(new RegisterRequest { Username = username, LoginSecret = LoginSecret, IdentityPublicKey = ByteString.CopyFrom(identity.PublicKey) });
    }

    private async Task<Metadata> LoginAsync(string username)
    {
        var login = await Client.LoginAsync(new LoginRequest { Username = username, LoginSecret = LoginSecret });
        return new Metadata { { "authorization", $"Bearer {login.Token}" } };
    }

    private async Task<string> ReadinessAsync()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_admin, "/healthz/ready"));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<RpcException> FailureAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private static async Task<bool> SucceedsAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            return false;
        }
    }
}
