using LogChat.Gateway.Hosting;
using LogChat.Gateway.Sessions;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Xunit;

namespace LogChat.Gateway.Tests;

public sealed class GatewayConfigurationTests
{
    [Theory]
    [InlineData("http://0.0.0.0:50051", "plaintext on a non-loopback address")]
    [InlineData("http://192.0.2.10:50051", "plaintext on a non-loopback address")]
    [InlineData("https://0.0.0.0:50051", "CertificatePath is not set")]
    [InlineData("ftp://127.0.0.1:50051", "must be an http:// (loopback only) or https:// URL")]
    public void An_unsafe_or_incomplete_listen_url_stops_the_gateway_with_the_key_to_fix(string listenUrl, string message)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("LogChat:Gateway:ListenUrl", listenUrl)]);

        var refusal = Assert.Throws<OptionsValidationException>(() => builder.AddLogChatGateway());

        Assert.Contains("LogChat:Gateway", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("c2hvcnQ=")]
    public void A_missing_or_short_session_id_key_stops_the_gateway_with_the_key_to_fix(string? key)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("LogChat:SessionIds:Key", key)]);
        builder.AddLogChatGateway();
        using var app = builder.Build();

        var refusal = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SessionIdOptions>>().Value);

        Assert.Contains("LogChat:SessionIds", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_and_presence_activations_are_collected_after_their_configured_ages()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("LogChat:Sessions:CollectionAge", "00:03:00"), new("LogChat:Presence:CollectionAge", "00:04:00")]);
        builder.AddLogChatGateway();
        using var app = builder.Build();

        var ages = app.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.ClassSpecificCollectionAge;

        Assert.Equal(TimeSpan.FromMinutes(3), ages[typeof(ChatSessionGrain).FullName!]);
        Assert.Equal(TimeSpan.FromMinutes(4), ages[typeof(PresenceGrain).FullName!]);
    }
}
