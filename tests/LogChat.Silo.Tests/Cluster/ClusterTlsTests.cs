using LogChat.Silo.Tests.Hosting;
using LogChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using Xunit;

namespace LogChat.Silo.Tests.Cluster;

/// <summary>Real silos on loopback with mutual TLS, on a real PostgreSQL membership table.</summary>
[Trait("Category", "Postgres")]
public sealed class ClusterTlsTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private const int ActiveStatus = 3;
    private readonly TestCertificateAuthority _cluster = new("LogChat test cluster CA");
    private readonly TestCertificateAuthority _other = new("Another CA");

    [Fact]
    public async Task Silos_with_the_cluster_certificate_form_a_cluster_and_silos_without_it_cannot_join()
    {
        var clusterId = $"tls-{Guid.NewGuid():N}";
        await using var first = await TestSilo.StartAsync(fixture.Database, clusterId, Tls(_cluster.Issue("silo-a")));
        await using var second = await TestSilo.StartAsync(fixture.Database, clusterId, Tls(_cluster.Issue("silo-b")));

        var hosts = await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
        Assert.Equal(2, await ActiveSilosAsync(clusterId));

        // Trusts the cluster CA but presents a certificate of another: the members refuse it as client and as server.
        await Assert.ThrowsAsync<OrleansClusterConnectivityCheckFailedException>(
            () => TestSilo.StartAsync(fixture.Database, clusterId, JoinQuickly(Tls(_other.Issue("intruder"))), SurviveBeingDeclaredDead));

        // Speaks plaintext: the members' TLS handshake fails.
        await Assert.ThrowsAsync<OrleansClusterConnectivityCheckFailedException>(
            () => TestSilo.StartAsync(fixture.Database, clusterId, JoinQuickly([]), SurviveBeingDeclaredDead));

        Assert.Equal(2, await ActiveSilosAsync(clusterId));
        Assert.Equal(2, (await second.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
    }

    private sealed class IgnoredFatalErrors : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
        {
        }
    }

    private Dictionary<string, string?> Tls(SiloCertificateFiles files) => new()
    {
        ["LogChat:Cluster:Tls:CertificatePath"] = files.CertificatePath,
        ["LogChat:Cluster:Tls:KeyPath"] = files.KeyPath,
        ["LogChat:Cluster:Tls:CaCertificatePath"] = _cluster.CaCertificatePath,
    };

    // A silo that cannot reach the members gives up after this instead of Orleans' five minutes.
    private static Dictionary<string, string?> JoinQuickly(Dictionary<string, string?> settings)
    {
        settings["LogChat:Cluster:Membership:MaxJoinAttemptTime"] = "00:00:08";
        settings["LogChat:Cluster:Membership:ProbeTimeout"] = "00:00:02";
        return settings;
    }

    // The members declare a silo that never answers dead; told so, Orleans ends the whole process, which here is the
    // test host. The refused silo only has to fail its start.
    private static void SurviveBeingDeclaredDead(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IFatalErrorHandler, IgnoredFatalErrors>());

    private async Task<long> ActiveSilosAsync(string clusterId)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE deployment_id = $1 AND status = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        command.Parameters.Add(new NpgsqlParameter { Value = ActiveStatus });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
