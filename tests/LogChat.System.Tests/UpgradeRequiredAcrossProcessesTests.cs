using System.Text.RegularExpressions;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>A real <c>logchat</c> against a real coordinator that no longer serves its release.</summary>
[Trait("Category", "Postgres")]
public sealed partial class UpgradeRequiredAcrossProcessesTests : IDisposable
{
    // ExitCodes.UpgradeRequired of the client.
    private const int UpgradeRequired = 4;
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(60);
    private readonly string _home = Path.Combine(Path.GetTempPath(), "logchat-upgrade-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_coordinator_that_needs_a_newer_release_gets_please_upgrade_and_its_own_exit_status_and_nothing_is_registered()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        using var gateway = await GatewayProcess.StartAsync(database.ConnectionString, new Dictionary<string, string> { ["Gateway__MinimumClientVersion"] = "99.0.0" });

        using var alice = ClientProcess.Start($"http://127.0.0.1:{gateway.Port}", _home, "register", "alice");
        alice.CloseInput();
        var exit = await alice.WaitForExitAsync(ExitPatience);

        Assert.Equal(UpgradeRequired, exit);
        Assert.Matches(PleaseUpgrade(), alice.Status);
        Assert.DoesNotContain("FailedPrecondition", alice.Status, StringComparison.Ordinal);
        await using var connection = await database.OpenConnectionAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM users", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    [GeneratedRegex(@"Please upgrade: this coordinator needs logchat 99\.0\.0 or newer; this is logchat \d+\.\d+\.\d+\.")]
    private static partial Regex PleaseUpgrade();
}
