using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;

namespace LogChat.System.Tests;

/// <summary>Two gateway processes of one cluster share a rate limit: what one admitted, the other counts.</summary>
[Trait("Category", "Postgres")]
[Collection(ClusterCollection.Name)]
public sealed class QuotaAcrossGatewaysTests
{
    private const int CallsPerAddress = 40;

    [Fact]
    public async Task Calls_admitted_by_one_gateway_count_against_the_address_on_the_other()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string>
        {
            ["LOGCHAT_LogChat__Database__ConnectionString"] = database.ConnectionString,
            ["LOGCHAT_LogChat__Cluster__ClusterId"] = "system-quota-" + Guid.NewGuid().ToString("N"),
            // A day-long window, so that the test never straddles two; syncs ten times a second.
            ["LOGCHAT_LogChat__RateLimits__Window"] = "1.00:00:00",
            ["LOGCHAT_LogChat__RateLimits__SyncInterval"] = "00:00:00.100",
            ["LOGCHAT_LogChat__RateLimits__CallsPerAddress"] = CallsPerAddress.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in ClusterSecrets.NewEnvironment())
        {
            cluster[key] = value;
        }

        using var gatewayA = ClusterMemberProcess.StartGateway("gateway-a", cluster);
        await gatewayA.WaitUntilServingAsync();
        using var gatewayB = ClusterMemberProcess.StartGateway("gateway-b", cluster);
        await gatewayB.WaitUntilServingAsync();
        using var channelA = GrpcChannel.ForAddress(gatewayA.Url);
        using var channelB = GrpcChannel.ForAddress(gatewayB.Url);

        for (var i = 0; i < CallsPerAddress; i++)
        {
            Assert.Equal(StatusCode.Unauthenticated, await AnonymousCallAsync(channelA));
        }

        // Alone, B would admit the whole quota again; sharing it, B refuses once the two syncs have passed.
        var admittedByB = 0;
        await Eventually.TrueAsync(async () =>
        {
            var status = await AnonymousCallAsync(channelB);
            admittedByB += status == StatusCode.Unauthenticated ? 1 : 0;
            return status == StatusCode.ResourceExhausted;
        }, "gateway B to refuse the address");

        Assert.True(admittedByB < CallsPerAddress / 2, $"gateway B admitted {admittedByB} calls of an address whose quota ({CallsPerAddress}) A had spent");
    }

    // A call without a token: the address quota counts it before authentication refuses it.
    private static async Task<StatusCode> AnonymousCallAsync(GrpcChannel channel)
    {
        try
        {
            await new Coordinator.CoordinatorClient(channel).GetUserAsync(new GetUserRequest { Username = "nobody" });
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
