using LogChat.Silo.Cluster;
using LogChat.Silo.Configuration;
using LogChat.Silo.Tests.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Silo.Tests.Cluster;

public sealed class ClusterCredentialsTests : IDisposable
{
    private readonly TestCertificateAuthority _cluster = new("LogChat test cluster CA");
    private readonly TestCertificateAuthority _other = new("Another CA");

    [Fact]
    public void With_a_CA_file_only_current_certificates_that_CA_issued_are_members()
    {
        var credentials = ClusterCredentials.Load(Options(_cluster.Issue("silo-a"), _cluster.CaCertificatePath));
        using var sibling = _cluster.Issue("silo-b").Load();
        using var stranger = _other.Issue("stranger").Load();
        using var expired = _cluster.Issue("expired", DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(-1)).Load();

        Assert.True(credentials.IsClusterMember(sibling));
        Assert.False(credentials.IsClusterMember(stranger));
        Assert.False(credentials.IsClusterMember(expired));
    }

    [Fact]
    public void Without_a_CA_file_only_the_silos_own_certificate_is_a_member()
    {
        var own = _cluster.Issue("shared");
        var credentials = ClusterCredentials.Load(Options(own, caCertificatePath: ""));
        using var same = own.Load();
        using var sibling = _cluster.Issue("silo-b").Load();

        Assert.True(credentials.IsClusterMember(same));
        Assert.False(credentials.IsClusterMember(sibling));
    }

    [Fact]
    public void Unreadable_files_are_refused_naming_the_key()
    {
        var files = _cluster.Issue("silo-a");

        var noKey = Assert.Throws<OptionsValidationException>(() => ClusterCredentials.Load(Options(files with { KeyPath = "" }, _cluster.CaCertificatePath)));
        var noCa = Assert.Throws<OptionsValidationException>(() => ClusterCredentials.Load(Options(files, Path.Combine(_cluster.Folder, "missing.crt"))));
        var noCertificate = Assert.Throws<OptionsValidationException>(() => ClusterCredentials.Load(Options(files with { CertificatePath = files.KeyPath }, _cluster.CaCertificatePath)));

        Assert.Contains("LogChat:Cluster:Tls:KeyPath", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("LogChat:Cluster:Tls:CaCertificatePath", noCa.Message, StringComparison.Ordinal);
        Assert.Contains("LogChat:Cluster:Tls:CertificatePath", noCertificate.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.7", "false")]
    [InlineData("127.0.0.1", "true")]
    public async Task A_silo_reachable_off_loopback_refuses_to_start_without_the_cluster_certificate(string advertisedIP, string listenOnAny)
    {
        using var host = TestSilo.Build(new Dictionary<string, string?>
        {
            ["LogChat:Database:ConnectionString"] = "Host=127.0.0.1;Database=logchat",
            ["LogChat:Cluster:AdvertisedIP"] = advertisedIP,
            ["LogChat:Cluster:ListenOnAnyHostAddress"] = listenOnAny,
        });

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("LogChat:Cluster:Tls:CertificatePath must be set", refusal.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
    }

    private static ClusterTlsOptions Options(SiloCertificateFiles files, string caCertificatePath) => new()
    {
        CertificatePath = files.CertificatePath,
        KeyPath = files.KeyPath,
        CaCertificatePath = caCertificatePath,
    };
}
