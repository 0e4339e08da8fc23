using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using LogChat.Gateway.Accounts;
using LogChat.Gateway.Hosting;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class LoginSaltTests(GatewayServer server)
{
    [Fact]
    public async Task The_salt_is_the_HMAC_of_the_canonical_name_whether_or_not_the_name_is_registered()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var unregistered = "nobody-" + Guid.NewGuid().ToString("N")[..12];

        foreach (var name in new[] { alice.Name, unregistered })
        {
            var salt = await SaltAsync(name.ToUpperInvariant());
            var expected = HMACSHA256.HashData(Convert.FromBase64String(GatewayServer.LoginSaltSecret), Encoding.UTF8.GetBytes(name))[..16];
            Assert.Equal(expected, salt);
            Assert.Equal(salt, await SaltAsync(name));
        }

        Assert.NotEqual(await SaltAsync(alice.Name), await SaltAsync(unregistered));
    }

    [Fact]
    public async Task The_salt_needs_no_token_and_a_malformed_name_is_refused()
    {
        Assert.Equal(16, (await SaltAsync("anyone")).Length);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => server.Client.GetLoginSaltAsync(new GetLoginSaltRequest { Username = "a b" }).ResponseAsync, "may contain only");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_missing_or_short_salt_secret_stops_the_gateway_with_the_key_to_fix(string? secret)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new("LogChat:LoginSalt:Secret", secret)]);
        builder.AddLogChatGateway();
        using var app = builder.Build();

        var refusal = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<LoginSaltOptions>>().Value);

        Assert.Contains("LogChat:LoginSalt:Secret", refusal.Message, StringComparison.Ordinal);
    }

    private async Task<byte[]> SaltAsync(string username) =>
        (await server.Client.GetLoginSaltAsync(new GetLoginSaltRequest { Username = username })).Salt.ToByteArray();
}
