using Grpc.AspNetCore.Server;
using LogChat.Gateway.Hosting;
using LogChat.Gateway.RateLimiting;
using LogChat.Gateway.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LogChat.Gateway.Tests.Rpc;

public sealed class MinimumVersionConfigurationTests
{
    [Theory]
    [InlineData("LogChat:Gateway:MinimumClientVersion", "1.0")]
    [InlineData("LogChat:Gateway:MinimumClientVersion", "v1.0.0")]
    [InlineData("LogChat:Gateway:MinimumProtocolVersion", "0")]
    [InlineData("LogChat:Gateway:MinimumProtocolVersion", "3")]
    public void A_minimum_that_is_no_version_or_a_protocol_this_gateway_does_not_speak_stops_it_with_the_key_to_fix(string key, string value)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        builder.AddLogChatGateway();
        using var app = builder.Build();

        var refusal = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value);

        Assert.Contains("MinimumClientVersion must be MAJOR.MINOR.PATCH and MinimumProtocolVersion 1-2", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_is_checked_after_the_address_quota_and_before_authentication()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddLogChatGateway();
        using var app = builder.Build();

        var interceptors = app.Services.GetRequiredService<IOptions<GrpcServiceOptions<CoordinatorEndpoint>>>().Value.Interceptors;

        Assert.Equal(
            new[] { typeof(AddressQuotaInterceptor), typeof(MinimumVersionInterceptor), typeof(CoordinatorCallInterceptor), typeof(UserQuotaInterceptor) },
            interceptors.Select(registration => registration.Type));
    }
}
