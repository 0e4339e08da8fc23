using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Grains.Sessions;
using LogChat.Protocol.Coordinator.V1;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace LogChat.Gateway.Tests.Sessions;

/// <summary>A gateway of its own, so that no other test's sessions come or go while activations are counted.</summary>
public sealed class ActivationCountingGatewayServer : GatewayServer;

[Trait("Category", "Postgres")]
public sealed class ForgedSessionIdTests(ActivationCountingGatewayServer server, ITestOutputHelper output) : IClassFixture<ActivationCountingGatewayServer>
{
    private const int Calls = 10_000;

    [Fact]
    public async Task Ten_thousand_calls_with_session_ids_no_gateway_issued_activate_no_session_grain()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var bob = await TestUser.CreateAsync(server, "bob");
        await using var aliceEvents = await alice.GoOnlineAsync(canAcceptInbound: true);
        await using var bobEvents = await bob.GoOnlineAsync(canAcceptInbound: true);
        var before = await SessionActivationsAsync();

        await Parallel.ForEachAsync(Enumerable.Range(0, Calls), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => CallWithForgedId(alice, i));
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            Assert.Equal("no such session", error.Status.Detail);
        });
        var afterForged = await SessionActivationsAsync();

        // The count does move: one genuine session activates one grain.
        await alice.Client.RequestChatAsync(new RequestChatRequest { Username = bob.Name }, alice.Auth);
        var afterGenuine = await SessionActivationsAsync();
        output.WriteLine($"session activations: {before} before, {afterForged} after {Calls} calls with forged ids, {afterGenuine} after one genuine request");

        Assert.Equal(before, afterForged);
        Assert.Equal(before + 1, afterGenuine);
    }

    // Each call kind in turn; half the ids are random UUIDs, half are shaped like issued ones (version 8) with random bits.
    private static Task CallWithForgedId(TestUser user, int i)
    {
        var id = (i / 4 % 2 == 0 ? Guid.NewGuid() : VersionEightShaped()).ToString();
        return (i % 4) switch
        {
            0 => user.Client.AcceptChatAsync(new AcceptChatRequest { SessionId = id }, user.Auth).ResponseAsync,
            1 => user.Client.DeclineChatAsync(new DeclineChatRequest { SessionId = id }, user.Auth).ResponseAsync,
            2 => user.Client.ReportHostReadyAsync(
                new ReportHostReadyRequest { SessionId = id, Port = 5000, CertificateSha256 = ByteString.CopyFrom(new byte[32]) }, user.Auth).ResponseAsync,
            _ => user.Client.EndSessionAsync(new EndSessionRequest { SessionId = id, Reason = EndReason.Completed }, user.Auth).ResponseAsync,
        };
    }

    private static Guid VersionEightShaped()
    {
        var bytes = RandomNumberGenerator.GetBytes(16);
        bytes[6] = (byte)(0x80 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private async Task<int> SessionActivationsAsync()
    {
        var management = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(ChatSessionGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
