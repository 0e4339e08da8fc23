using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Silo.Tests.Hosting;

public sealed class SiloConfigurationTests
{
    [Fact]
    public async Task A_silo_without_a_connection_string_refuses_to_start_and_names_the_setting()
    {
        using var host = TestSilo.Build(new Dictionary<string, string?>());

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("LogChat:Database:ConnectionString", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("LOGCHAT_LogChat__Database__ConnectionString", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_cluster_settings_are_refused_with_the_keys_to_fix()
    {
        using var host = TestSilo.Build(new Dictionary<string, string?>
        {
            ["LogChat:Database:ConnectionString"] = "Host=127.0.0.1;Database=logchat",
            ["LogChat:Cluster:AdvertisedIP"] = "gateway.example",
            ["LogChat:Cluster:SiloPort"] = "70000",
            ["LogChat:Cluster:ClusterId"] = "",
            ["LogChat:Cluster:DirectoryCacheSize"] = "0",
        });

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("LogChat:Cluster:AdvertisedIP", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("LogChat:Cluster:SiloPort", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("LogChat:Cluster:ClusterId", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("LogChat:Cluster:DirectoryCacheSize", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 50_000)]
    [InlineData("1234", 1234)]
    public void The_grain_location_cache_is_bounded_by_the_cluster_setting(string? configured, int expected)
    {
        var settings = new Dictionary<string, string?> { ["LogChat:Database:ConnectionString"] = "Host=127.0.0.1;Database=logchat" };
        if (configured is not null)
        {
            settings["LogChat:Cluster:DirectoryCacheSize"] = configured;
        }

        using var host = TestSilo.Build(settings);

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<Orleans.Configuration.GrainDirectoryOptions>>().Value.CacheSize);
    }

    [Fact]
    public async Task Membership_timing_that_could_never_declare_a_silo_dead_is_refused_with_the_keys_to_fix()
    {
        using var host = TestSilo.Build(new Dictionary<string, string?>
        {
            ["LogChat:Database:ConnectionString"] = "Host=127.0.0.1;Database=logchat",
            ["LogChat:Cluster:Membership:NumMissedProbesLimit"] = "0",
            ["LogChat:Cluster:Membership:MinProbeTimeout"] = "00:00:05",
            ["LogChat:Cluster:Membership:MaxProbeTimeout"] = "00:00:01",
        });

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("LogChat:Cluster:Membership:NumMissedProbesLimit", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("LogChat:Cluster:Membership:MaxProbeTimeout", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shutdown_timeout_that_is_not_positive_is_refused()
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = TestSilo.Build(new Dictionary<string, string?>
            {
                ["LogChat:Database:ConnectionString"] = "Host=127.0.0.1;Database=logchat",
                ["LogChat:Shutdown:Timeout"] = "00:00:00",
            });
            await host.StartAsync();
        });

        Assert.Contains("LogChat:Shutdown:Timeout", refusal.Message, StringComparison.Ordinal);
    }
}
