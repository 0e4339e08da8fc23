using System.Security.Cryptography;
using LogChat.Grains.Accounts;
using LogChat.Grains.Auth;
using LogChat.Grains.Errors;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using LogChat.Grains.Tests.Support;
using LogChat.Protocol.Accounts;
using LogChat.Testing;
using Xunit;

namespace LogChat.Grains.Tests.Persistence;

[Trait("Category", "Postgres")]
public sealed class SiloRestartTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan ProductionRenewInterval = new PresenceOptions().RenewInterval;

    private SeedTables Tables => new(database.ConnectionString);

    [Fact]
    public async Task Users_keys_and_session_records_survive_a_silo_restart_and_plain_SQL_shows_them()
    {
        var clusterId = NewClusterId();
        var alice = NewAccount("alice");
        var bob = NewAccount("bob");
        var tokenHash = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32)));
        var completed = Guid.NewGuid();
        var declined = Guid.NewGuid();
        Guid aliceId;
        Guid bobId;

        await using (var first = await ProductionSilo.StartAsync(database.Database, clusterId))
        {
            aliceId = await first.Client.GetGrain<IUserAccountGrain>(alice.Username).Register("alice-hash", alice.IdentityKey);
            bobId = await first.Client.GetGrain<IUserAccountGrain>(bob.Username).Register("bob-hash", bob.IdentityKey);
            await first.Client.GetGrain<ITokenGrain>(tokenHash).Issue(aliceId, alice.Username, DateTimeOffset.UtcNow.AddHours(1));
            await first.Client.GetGrain<IPresenceGrain>(aliceId).MeasureAsync(NatType.None);
            var gateway = new RecordingGateway();
            var gatewayReference = first.Client.CreateObjectReference<IGatewayObserver>(gateway);
            await using var aliceOnline = await ConnectedUser.ConnectAsync(first.Client, gateway, gatewayReference, alice with { UserId = aliceId }, ProductionRenewInterval);
            await using var bobOnline = await ConnectedUser.ConnectAsync(first.Client, gateway, gatewayReference, bob with { UserId = bobId }, ProductionRenewInterval);

            var session = first.Client.GetGrain<IChatSessionGrain>(completed);
            await session.Request(aliceOnline.User, bobOnline.User);
            await session.Accept(bobId);
            await session.ReportHostReady(aliceId, "198.51.100.7", 40123, new byte[32]);
            await session.EndSession(aliceId, SessionEndReason.Completed, null);
            await first.Client.GetGrain<IChatSessionGrain>(declined).Request(bobOnline.User, aliceOnline.User);
            await first.Client.GetGrain<IChatSessionGrain>(declined).Decline(aliceId);
            await bobOnline.WaitForEndAsync(declined);
        }

        await using var second = await ProductionSilo.StartAsync(database.Database, clusterId);

        var aliceAccount = await second.Client.GetGrain<IUserAccountGrain>(alice.Username).Find();
        Assert.NotNull(aliceAccount);
        Assert.Equal((aliceId, "alice-hash"), (aliceAccount.UserId, aliceAccount.PasswordHash));
        Assert.Equal(alice.IdentityKey, aliceAccount.IdentityKey);
        Assert.Equal(bobId, (await second.Client.GetGrain<IUserAccountGrain>(bob.Username).Find())?.UserId);
        var retaken = await Assert.ThrowsAsync<CoordinatorException>(
            () => second.Client.GetGrain<IUserAccountGrain>(bob.Username).Register("other-hash", RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(CoordinatorError.AlreadyExists, retaken.Error);
        Assert.Equal(aliceId, (await second.Client.GetGrain<ITokenGrain>(tokenHash).Validate())?.UserId);

        var completedRecord = await second.Client.GetGrain<IChatSessionGrain>(completed).GetRecord();
        Assert.Equal((SessionState.Ended, SessionEndReason.Completed, (Guid?)aliceId), (completedRecord.State, completedRecord.EndReason, completedRecord.HostId));
        Assert.Equal((aliceId, bobId), (completedRecord.Initiator.UserId, completedRecord.Responder.UserId));
        Assert.Equal(bob.IdentityKey, completedRecord.Responder.IdentityKey);
        Assert.NotNull(completedRecord.HostReadyAt);
        var declinedRecord = await second.Client.GetGrain<IChatSessionGrain>(declined).GetRecord();
        Assert.Equal((SessionState.Ended, SessionEndReason.Declined, bobId), (declinedRecord.State, declinedRecord.EndReason, declinedRecord.Initiator.UserId));

        Assert.Equal(
            [alice.Username, bob.Username],
            await Tables.ColumnAsync<string>("SELECT username FROM users WHERE id = ANY($1) ORDER BY username", new[] { aliceId, bobId }));
        Assert.Equal([alice.IdentityKey], await Tables.ColumnAsync<byte[]>("SELECT public_key FROM public_keys WHERE user_id = $1", aliceId));
        Assert.Equal([bob.IdentityKey], await Tables.ColumnAsync<byte[]>("SELECT public_key FROM public_keys WHERE user_id = $1", bobId));
        Assert.Equal(["completed"], await Tables.ColumnAsync<string>("SELECT end_reason FROM sessions WHERE id = $1", completed));
        Assert.Equal(["declined"], await Tables.ColumnAsync<string>("SELECT end_reason FROM sessions WHERE id = $1", declined));
        Assert.Equal([aliceId], await Tables.ColumnAsync<Guid>("SELECT host_id FROM sessions WHERE id = $1", completed));
    }

    [Fact]
    public async Task Users_left_online_by_a_stopped_cluster_are_marked_offline_by_the_next_silo()
    {
        var clusterId = NewClusterId();
        var alice = NewAccount("alice");
        await using (var first = await ProductionSilo.StartAsync(database.Database, clusterId))
        {
            alice = alice with { UserId = await first.Client.GetGrain<IUserAccountGrain>(alice.Username).Register("hash", alice.IdentityKey) };
            var gateway = new RecordingGateway();
            var online = await ConnectedUser.ConnectAsync(first.Client, gateway, first.Client.CreateObjectReference<IGatewayObserver>(gateway), alice, ProductionRenewInterval);
            await online.StopRenewingAsync();
            await first.StopAsync();
        }

        Assert.True((await Tables.PresenceAsync(alice.UserId))!.IsOnline);

        await using var second = await ProductionSilo.StartAsync(
            database.Database, clusterId, new Dictionary<string, string?> { ["LogChat:Presence:SweepInterval"] = "00:00:00.200" });

        await Eventually.TrueAsync(async () => !(await Tables.PresenceAsync(alice.UserId))!.IsOnline, "the sweeper to mark alice offline");
        Assert.Null((await Tables.PresenceAsync(alice.UserId))!.Gateway);
        Assert.False((await second.Client.GetGrain<IPresenceGrain>(alice.UserId).GetPresence()).Online);
    }

    [Fact]
    public async Task A_chat_left_open_by_a_stopped_cluster_ends_when_the_next_silo_finds_its_users_offline()
    {
        var clusterId = NewClusterId();
        var sessionId = Guid.NewGuid();
        await using (var first = await ProductionSilo.StartAsync(database.Database, clusterId))
        {
            var gateway = new RecordingGateway();
            var gatewayReference = first.Client.CreateObjectReference<IGatewayObserver>(gateway);
            var alice = await RegisterAsync(first, "alice");
            var bob = await RegisterAsync(first, "bob");
            await first.Client.GetGrain<IPresenceGrain>(alice.UserId).MeasureAsync(NatType.FullCone);
            var aliceOnline = await ConnectedUser.ConnectAsync(first.Client, gateway, gatewayReference, alice, ProductionRenewInterval);
            var bobOnline = await ConnectedUser.ConnectAsync(first.Client, gateway, gatewayReference, bob, ProductionRenewInterval);
            var session = first.Client.GetGrain<IChatSessionGrain>(sessionId);
            await session.Request(alice, bob);
            await session.Accept(bob.UserId);
            await session.ReportHostReady(alice.UserId, "198.51.100.7", 40123, new byte[32]);
            await aliceOnline.StopRenewingAsync();
            await bobOnline.StopRenewingAsync();
            await first.StopAsync();
        }

        Assert.Equal("host_ready", (await Tables.SessionAsync(sessionId))!.State);

        await using var second = await ProductionSilo.StartAsync(
            database.Database, clusterId, new Dictionary<string, string?> { ["LogChat:Presence:SweepInterval"] = "00:00:00.200" });

        await Eventually.TrueAsync(async () => (await Tables.SessionAsync(sessionId))!.State == "ended", "the stale session to end");
        Assert.Equal("participant_offline", (await Tables.SessionAsync(sessionId))!.EndReason);
    }

    private static async Task<Participant> RegisterAsync(ProductionSilo silo, string prefix)
    {
        var account = NewAccount(prefix);
        return account with { UserId = await silo.Client.GetGrain<IUserAccountGrain>(account.Username).Register("hash", account.IdentityKey) };
    }

    private static string NewClusterId() => $"restart-{Guid.NewGuid():N}";

    private static Participant NewAccount(string prefix) =>
        new(Guid.Empty, $"{prefix}-{Guid.NewGuid():N}"[..UsernameRule.MaxLength], RandomNumberGenerator.GetBytes(32));
}
