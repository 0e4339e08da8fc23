using LogChat.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
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
}
