using System.Net;
using Google.Protobuf;
using Grpc.Core;
using LogChat.Gateway.Tests.Infrastructure;
using LogChat.Protocol.Coordinator.V1;
using LogChat.Testing;
using Xunit;

namespace LogChat.Gateway.Tests;

/// <summary>Measured reachability: what the gateway observes, and its dial-back to the caller's own listener.</summary>
[Collection(GatewayCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ReachabilityTests(GatewayServer server)
{
    [Fact]
    public async Task A_dial_back_that_gets_the_nonce_from_the_callers_listener_makes_the_caller_reachable()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var probesBefore = server.Probe.Probes;

        var measured = await alice.CheckReachabilityAsync(server.Probe, "127.0.0.1");

        Assert.True(measured.Reachable, measured.Detail);
        Assert.Equal((NatType.None, "127.0.0.1"), (measured.NatType, measured.Observed.Address));
        Assert.Equal(probesBefore + 1, server.Probe.Probes);
        var presence = (await alice.Client.GetUserAsync(new GetUserRequest { Username = alice.Name }, alice.Auth)).Presence;
        Assert.Equal((true, NatType.None), (presence.CanAcceptInbound, presence.NatType));
        Assert.NotNull(await server.ScalarAsync<DateTime?>("SELECT measured_at FROM user_presence WHERE user_id = $1", Guid.Parse(alice.UserId)));
    }

    [Fact]
    public async Task A_listener_that_answers_another_nonce_is_not_the_callers_and_proves_nothing()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var nonce = new byte[32];
        server.Probe.Nonce = [.. Enumerable.Repeat((byte)7, 32)];

        var measured = await alice.Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)server.Probe.Port, Nonce = ByteString.CopyFrom(nonce) }, alice.Auth);

        Assert.False(measured.Reachable);
        Assert.Contains("not this client's listener", measured.Detail, StringComparison.Ordinal);
        Assert.False(await server.ScalarAsync<bool>("SELECT can_accept_inbound FROM user_presence WHERE user_id = $1", Guid.Parse(alice.UserId)));
    }

    [Fact]
    public async Task The_gateway_dials_only_the_address_it_observed_never_another_one()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        // A listener that would answer alice's nonce, on another loopback address than the one alice calls from.
        await using var elsewhere = await ProbeListener.StartAsync(IPAddress.Parse("127.0.0.2"));

        var measured = await alice.CheckReachabilityAsync(elsewhere);

        Assert.False(measured.Reachable);
        Assert.Equal(0, elsewhere.Probes);
        Assert.Equal("127.0.0.1", measured.Observed.Address);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable_with_a_reason()
    {
        var alice = await TestUser.CreateAsync(server, "alice");

        var measured = await alice.Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)LoopbackPorts.GetFree(), Nonce = ByteString.CopyFrom(new byte[16]) }, alice.Auth);

        Assert.False(measured.Reachable);
        Assert.Contains("could not be reached", measured.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_listener_is_recorded_as_not_reachable_and_nobody_is_dialled()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        Assert.True((await alice.CheckReachabilityAsync(server.Probe)).Reachable);
        var probesBefore = server.Probe.Probes;

        var measured = await alice.Client.CheckReachabilityAsync(new CheckReachabilityRequest { Port = 0 }, alice.Auth);

        Assert.False(measured.Reachable);
        Assert.Equal(probesBefore, server.Probe.Probes);
        Assert.False(await server.ScalarAsync<bool>("SELECT can_accept_inbound FROM user_presence WHERE user_id = $1", Guid.Parse(alice.UserId)));
    }

    [Fact]
    public async Task Dial_backs_are_rate_limited_per_user()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        for (var i = 0; i < 10; i++)
        {
            await alice.CheckReachabilityAsync(server.Probe);
        }

        var probesBefore = server.Probe.Probes;
        var refused = await Assert.ThrowsAsync<RpcException>(() => alice.CheckReachabilityAsync(server.Probe));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.NotNull(refused.Trailers.GetValue("retry-after-ms"));
        Assert.Equal(probesBefore, server.Probe.Probes);
    }

    [Theory]
    [InlineData(0, 32, "nonce")]
    [InlineData(65536, 32, "port")]
    [InlineData(4000, 15, "nonce")]
    [InlineData(4000, 65, "nonce")]
    public async Task A_malformed_check_is_refused_before_anything_is_dialled(int port, int nonceBytes, string named)
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var probesBefore = server.Probe.Probes;

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)port, Nonce = ByteString.CopyFrom(new byte[nonceBytes]) }, alice.Auth).ResponseAsync, named);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => alice.Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = 4000, Nonce = ByteString.CopyFrom(new byte[32]), LocalAddresses = { "not-an-ip" } }, alice.Auth).ResponseAsync,
            "local_addresses");
        Assert.Equal(probesBefore, server.Probe.Probes);
    }

    [Fact]
    public async Task Measuring_needs_a_login()
    {
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => server.Client.ObserveAddressAsync(new ObserveAddressRequest()).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => server.Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = 4000, Nonce = ByteString.CopyFrom(new byte[32]) }).ResponseAsync);
    }

    [Fact]
    public async Task Calls_from_one_local_port_to_both_gateway_ports_measure_the_mapping()
    {
        var alice = await TestUser.CreateAsync(server, "alice");
        var localPort = LoopbackPorts.GetFree();

        var first = await ObserveFromAsync(alice, server.Address, localPort);
        var probePort = (int)Assert.Single(first.ProbePorts);
        var second = await ObserveFromAsync(alice, new UriBuilder(server.Address) { Port = probePort }.Uri, localPort);
        var measured = await alice.Client.CheckReachabilityAsync(
            new CheckReachabilityRequest { Port = (uint)LoopbackPorts.GetFree(), Nonce = ByteString.CopyFrom(new byte[16]) }, alice.Auth);

        Assert.Equal(("127.0.0.1", (uint)localPort), (first.Observed.Address, first.Observed.Port));
        Assert.Equal(first.Observed, second.Observed);
        Assert.DoesNotContain((uint)probePort, second.ProbePorts);
        Assert.False(measured.Reachable);
        Assert.Equal(NatType.Restricted, measured.NatType);
    }

    private static Task<ObserveAddressResponse> ObserveFromAsync(TestUser user, Uri gateway, int localPort) =>
        TestUser.FromLocalPortAsync(gateway, localPort, client => client.ObserveAddressAsync(new ObserveAddressRequest(), user.Auth).ResponseAsync);
}
