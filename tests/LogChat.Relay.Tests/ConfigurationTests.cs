using LogChat.Relay.Hosting;
using LogChat.Relay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("LogChat:Relay:Id", "", "LogChat:Relay:Id")]
    [InlineData("LogChat:Relay:Id", "a-relay-id-that-is-far-too-long-to-fit-in-the-sixty-four-bytes-of-a-ticket", "LogChat:Relay:Id")]
    [InlineData("LogChat:Relay:Port", "0", "LogChat:Relay:Port")]
    [InlineData("LogChat:Relay:ListenAddress", "relay.example", "LogChat:Relay:ListenAddress")]
    [InlineData("LogChat:Relay:PairingWindow", "00:00:00", "LogChat:Relay:PairingWindow")]
    [InlineData("LogChat:Relay:MaxBytesPerPair", "10", "LogChat:Relay:MaxBytesPerPair")]
    [InlineData("LogChat:Relay:IdleTimeout", "-00:00:01", "LogChat:Relay:IdleTimeout")]
    [InlineData("LogChat:Relay:MaxPairs", "0", "LogChat:Relay:MaxPairs")]
    [InlineData("LogChat:Relay:MaxConnectionsPerAddress", "1", "LogChat:Relay:MaxConnectionsPerAddress")]
    [InlineData("LogChat:RelayTickets:Keys:0:Secret", "c2hvcnQ=", "LogChat:RelayTickets:Keys:0:Secret")]
    [InlineData("LogChat:RelayTickets:Keys:0:Id", "300", "LogChat:RelayTickets:Keys:0:Id")]
    public async Task A_relay_with_a_bad_setting_refuses_to_start_and_names_the_setting(string key, string value, string named)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(RelayServer.Settings((key, value))));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_without_ticket_keys_refuses_to_start()
    {
        var settings = RelayServer.Settings();
        settings.Remove("LogChat:RelayTickets:Keys:0:Id");
        settings.Remove("LogChat:RelayTickets:Keys:0:Secret");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains("LogChat:RelayTickets:Keys is empty", refused.Message, StringComparison.Ordinal);
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLogChatRelay();
        await using var app = builder.Build();
        app.MapLogChatRelay();
        await app.StartAsync();
        await app.StopAsync();
    }
}
