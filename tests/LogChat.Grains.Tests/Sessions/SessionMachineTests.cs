using LogChat.Grains.Accounts;
using LogChat.Grains.Errors;
using LogChat.Grains.Events;
using LogChat.Grains.Presence;
using LogChat.Grains.Relays;
using LogChat.Grains.Sessions;
using LogChat.Protocol.Relay;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

/// <summary>
/// Every state of a session against every command, through the pure <see cref="SessionMachine"/>: no database, no
/// cluster. alice requested a chat with bob; carol takes no part. Where a host is chosen, it is alice. The table's
/// machine has a relay configured; the facts say where that matters.
/// </summary>
public sealed class SessionMachineTests
{
    private static readonly SessionOptions Timeouts = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(60),
        HostReadyTimeout = TimeSpan.FromSeconds(15),
        ConnectTimeout = TimeSpan.FromSeconds(30),
        MaxOpenSessionsPerUser = 2,
    };
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid SessionId = Guid.Parse("5e55a000-0000-4000-8000-000000000001");
    private static readonly Participant Alice = new(Guid.Parse("a11ce000-0000-4000-8000-000000000001"), "alice", [.. Enumerable.Repeat((byte)1, 32)]);
    private static readonly Participant Bob = new(Guid.Parse("b0b00000-0000-4000-8000-000000000002"), "bob", [.. Enumerable.Repeat((byte)2, 32)]);
    private static readonly Guid Carol = Guid.Parse("ca401000-0000-4000-8000-000000000003");
    private static readonly byte[] Fingerprint = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly PresenceSnapshot Reachable = new(true, NatType.None, true, null) { MeasuredAt = Start };
    private static readonly PresenceSnapshot Unreachable = new(true, NatType.Symmetric, false, null) { MeasuredAt = Start };
    private static readonly PresenceSnapshot Offline = new(false, NatType.Unknown, false, null);

    private static readonly SessionRecord Requested = new(SessionId, Alice, Bob, SessionState.Requested, Start);
    private static readonly SessionRecord Accepted = Requested with
    {
        State = SessionState.Accepted,
        HostId = Alice.UserId,
        AcceptedAt = Start.AddSeconds(1),
        Path = ConnectionPath.Direct,
    };

    private static readonly SessionRecord Ready = Accepted with
    {
        State = SessionState.HostReady,
        HostReadyAt = Start.AddSeconds(2),
        HostEndpoint = new HostEndpoint("198.51.100.7", 40123, Fingerprint),
    };

    private static readonly SessionRecord Connected = Ready with { ConnectedAt = Start.AddSeconds(3) };
    private static readonly SessionRecord Punching = Accepted with { Path = ConnectionPath.Punched };
    private static readonly PunchEndpoint AlicePunch = new("198.51.100.7", 45000);
    private static readonly PunchEndpoint BobPunch = new("198.51.100.8", 45001);

    private static readonly RelayTicketKeyring Keyring = new([new RelayTicketKey(7, [.. Enumerable.Repeat((byte)0x5a, 32)])]);
    private static readonly RelayServer Relay0 = new("relay-0", "203.0.113.50", 50061);
    private static readonly RelayRung OneRelay = new([Relay0], new KeyringTicketIssuer(Keyring));

    private static readonly SessionRecord RelayAccepted = Accepted with { Path = ConnectionPath.Relayed };
    private static readonly SessionRecord Relaying = Ready with
    {
        State = SessionState.Relaying,
        Path = ConnectionPath.Relayed,
        HostEndpoint = new HostEndpoint(Relay0.Host, Relay0.Port, Fingerprint),
        RelayId = Relay0.Id,
        RelayExpiresAt = Start.AddSeconds(62),
    };

    private static readonly SessionRecord Ended = Ready with
    {
        State = SessionState.Ended,
        HostEndpoint = null,
        EndedAt = Start.AddSeconds(3),
        EndReason = SessionEndReason.Completed,
    };

    private static readonly Dictionary<string, SessionRecord?> States = new()
    {
        ["none"] = null,
        ["requested"] = Requested,
        ["accepted"] = Accepted,
        ["host_ready"] = Ready,
        ["connected"] = Connected,
        ["punching"] = Punching,
        ["relay accepted"] = RelayAccepted,
        ["relaying"] = Relaying,
        ["ended"] = Ended,
    };

    private static readonly Dictionary<string, SessionCommand> Commands = new()
    {
        ["request"] = new RequestChat(SessionId, Alice, Reachable, Bob, Reachable),
        ["accept by bob"] = new AcceptChat(Bob.UserId, Reachable, Reachable),
        ["accept by alice"] = new AcceptChat(Alice.UserId, Reachable, Reachable),
        ["accept by carol"] = new AcceptChat(Carol, Reachable, Reachable),
        ["decline by bob"] = new DeclineChat(Bob.UserId),
        ["decline by alice"] = new DeclineChat(Alice.UserId),
        ["decline by carol"] = new DeclineChat(Carol),
        ["ready by alice"] = new ReportHostReady(Alice.UserId, "198.51.100.7", 40123, Fingerprint),
        ["ready by bob"] = new ReportHostReady(Bob.UserId, "198.51.100.8", 40123, Fingerprint),
        ["ready by carol"] = new ReportHostReady(Carol, "198.51.100.9", 40123, Fingerprint),
        ["end by alice"] = new EndChat(Alice.UserId, SessionEndReason.Completed),
        ["end by bob timed out"] = new EndChat(Bob.UserId, SessionEndReason.HeartbeatTimeout),
        ["end by carol"] = new EndChat(Carol, SessionEndReason.Completed),
        ["end unspecified"] = new EndChat(Alice.UserId, SessionEndReason.Unspecified),
        ["end as declined"] = new EndChat(Alice.UserId, SessionEndReason.Declined),
        ["alice offline"] = new ParticipantWentOffline(Alice.UserId),
        ["carol offline"] = new ParticipantWentOffline(Carol),
        ["replay for alice"] = new ReplayPendingEvent(Alice.UserId),
        ["replay for bob"] = new ReplayPendingEvent(Bob.UserId),
        ["deadline"] = new DeadlineReached(),
        ["connected by bob"] = new ReportConnected(Bob.UserId),
        ["connected by carol"] = new ReportConnected(Carol),
        ["punch ready by alice"] = new ReportPunchReady(Alice.UserId, AlicePunch, Fingerprint),
        ["punch ready by bob"] = new ReportPunchReady(Bob.UserId, BobPunch, null),
        ["relay ready by alice"] = new ReportRelayReady(Alice.UserId, Fingerprint),
        ["relay ready by bob"] = new ReportRelayReady(Bob.UserId, Fingerprint),
        ["direct failed by bob"] = new ReportConnectionFailed(Bob.UserId, ConnectionPath.Direct, "could not reach 198.51.100.7:40123"),
        ["relay failed by bob"] = new ReportConnectionFailed(Bob.UserId, ConnectionPath.Relayed, "the relay refused (no_peer)"),
        ["direct failed by carol"] = new ReportConnectionFailed(Carol, ConnectionPath.Direct),
    };

    /// <summary>state | command | outcome | events sent ("user:kind", comma separated).</summary>
    public static TheoryData<string, string, string, string> Table => new()
    {
        { "none", "request", "requested", "bob:request" },
        { "none", "accept by bob", "refused NotFound", "" },
        { "none", "accept by alice", "refused NotFound", "" },
        { "none", "accept by carol", "refused NotFound", "" },
        { "none", "decline by bob", "refused NotFound", "" },
        { "none", "decline by alice", "refused NotFound", "" },
        { "none", "decline by carol", "refused NotFound", "" },
        { "none", "ready by alice", "refused NotFound", "" },
        { "none", "ready by bob", "refused NotFound", "" },
        { "none", "ready by carol", "refused NotFound", "" },
        { "none", "end by alice", "refused NotFound", "" },
        { "none", "end by bob timed out", "refused NotFound", "" },
        { "none", "end by carol", "refused NotFound", "" },
        { "none", "end unspecified", "refused NotFound", "" },
        { "none", "end as declined", "refused NotFound", "" },
        { "none", "alice offline", "unchanged", "" },
        { "none", "carol offline", "unchanged", "" },
        { "none", "replay for alice", "unchanged", "" },
        { "none", "replay for bob", "unchanged", "" },
        { "none", "deadline", "unchanged", "" },
        { "none", "connected by bob", "refused NotFound", "" },
        { "none", "connected by carol", "refused NotFound", "" },
        { "none", "punch ready by alice", "refused NotFound", "" },
        { "none", "punch ready by bob", "refused NotFound", "" },
        { "none", "relay ready by alice", "refused NotFound", "" },
        { "none", "relay ready by bob", "refused NotFound", "" },
        { "none", "direct failed by bob", "refused NotFound", "" },
        { "none", "relay failed by bob", "refused NotFound", "" },
        { "none", "direct failed by carol", "refused NotFound", "" },

        { "requested", "request", "refused AlreadyExists", "" },
        { "requested", "accept by bob", "accepted", "alice:host" },
        { "requested", "accept by alice", "refused PermissionDenied", "" },
        { "requested", "accept by carol", "refused PermissionDenied", "" },
        { "requested", "decline by bob", "ended declined", "alice:ended, bob:ended" },
        { "requested", "decline by alice", "refused PermissionDenied", "" },
        { "requested", "decline by carol", "refused PermissionDenied", "" },
        { "requested", "ready by alice", "refused PermissionDenied", "" },
        { "requested", "ready by bob", "refused PermissionDenied", "" },
        { "requested", "ready by carol", "refused PermissionDenied", "" },
        { "requested", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "requested", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "requested", "end by carol", "refused PermissionDenied", "" },
        { "requested", "end unspecified", "refused InvalidArgument", "" },
        { "requested", "end as declined", "refused InvalidArgument", "" },
        { "requested", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "requested", "carol offline", "unchanged", "" },
        { "requested", "replay for alice", "unchanged", "" },
        { "requested", "replay for bob", "unchanged", "bob:request" },
        { "requested", "deadline", "ended request_timeout", "alice:ended, bob:ended" },
        { "requested", "connected by bob", "refused FailedPrecondition", "" },
        { "requested", "connected by carol", "refused PermissionDenied", "" },
        { "requested", "punch ready by alice", "refused FailedPrecondition", "" },
        { "requested", "punch ready by bob", "refused FailedPrecondition", "" },
        { "requested", "relay ready by alice", "refused PermissionDenied", "" },
        { "requested", "relay ready by bob", "refused PermissionDenied", "" },
        { "requested", "direct failed by bob", "unchanged", "" },
        { "requested", "relay failed by bob", "unchanged", "" },
        { "requested", "direct failed by carol", "refused PermissionDenied", "" },

        { "accepted", "request", "refused AlreadyExists", "" },
        { "accepted", "accept by bob", "refused FailedPrecondition", "" },
        { "accepted", "accept by alice", "refused PermissionDenied", "" },
        { "accepted", "accept by carol", "refused PermissionDenied", "" },
        { "accepted", "decline by bob", "refused FailedPrecondition", "" },
        { "accepted", "decline by alice", "refused PermissionDenied", "" },
        { "accepted", "decline by carol", "refused PermissionDenied", "" },
        { "accepted", "ready by alice", "host_ready", "bob:dial" },
        { "accepted", "ready by bob", "refused PermissionDenied", "" },
        { "accepted", "ready by carol", "refused PermissionDenied", "" },
        { "accepted", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "accepted", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "accepted", "end by carol", "refused PermissionDenied", "" },
        { "accepted", "end unspecified", "refused InvalidArgument", "" },
        { "accepted", "end as declined", "refused InvalidArgument", "" },
        { "accepted", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "accepted", "carol offline", "unchanged", "" },
        { "accepted", "replay for alice", "unchanged", "alice:host" },
        { "accepted", "replay for bob", "unchanged", "" },
        { "accepted", "deadline", "ended host_ready_timeout", "alice:ended, bob:ended" },
        { "accepted", "connected by bob", "refused FailedPrecondition", "" },
        { "accepted", "connected by carol", "refused PermissionDenied", "" },
        { "accepted", "punch ready by alice", "refused FailedPrecondition", "" },
        { "accepted", "punch ready by bob", "refused FailedPrecondition", "" },
        { "accepted", "relay ready by alice", "refused FailedPrecondition", "" },
        { "accepted", "relay ready by bob", "refused PermissionDenied", "" },
        { "accepted", "direct failed by bob", "ended connection_failed", "alice:ended, bob:ended" },
        { "accepted", "relay failed by bob", "unchanged", "" },
        { "accepted", "direct failed by carol", "refused PermissionDenied", "" },

        { "host_ready", "request", "refused AlreadyExists", "" },
        { "host_ready", "accept by bob", "refused FailedPrecondition", "" },
        { "host_ready", "accept by alice", "refused PermissionDenied", "" },
        { "host_ready", "accept by carol", "refused PermissionDenied", "" },
        { "host_ready", "decline by bob", "refused FailedPrecondition", "" },
        { "host_ready", "decline by alice", "refused PermissionDenied", "" },
        { "host_ready", "decline by carol", "refused PermissionDenied", "" },
        { "host_ready", "ready by alice", "refused FailedPrecondition", "" },
        { "host_ready", "ready by bob", "refused PermissionDenied", "" },
        { "host_ready", "ready by carol", "refused PermissionDenied", "" },
        { "host_ready", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "host_ready", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "host_ready", "end by carol", "refused PermissionDenied", "" },
        { "host_ready", "end unspecified", "refused InvalidArgument", "" },
        { "host_ready", "end as declined", "refused InvalidArgument", "" },
        { "host_ready", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "host_ready", "carol offline", "unchanged", "" },
        { "host_ready", "replay for alice", "unchanged", "" },
        { "host_ready", "replay for bob", "unchanged", "bob:dial" },
        { "host_ready", "deadline", "ended connection_failed", "alice:ended, bob:ended" },
        { "host_ready", "connected by bob", "connected", "" },
        { "host_ready", "connected by carol", "refused PermissionDenied", "" },
        { "host_ready", "punch ready by alice", "refused FailedPrecondition", "" },
        { "host_ready", "punch ready by bob", "refused FailedPrecondition", "" },
        { "host_ready", "relay ready by alice", "refused FailedPrecondition", "" },
        { "host_ready", "relay ready by bob", "refused PermissionDenied", "" },
        { "host_ready", "direct failed by bob", "relaying", "alice:relay, bob:relay" },
        { "host_ready", "relay failed by bob", "unchanged", "" },
        { "host_ready", "direct failed by carol", "refused PermissionDenied", "" },

        { "connected", "request", "refused AlreadyExists", "" },
        { "connected", "accept by bob", "refused FailedPrecondition", "" },
        { "connected", "accept by alice", "refused PermissionDenied", "" },
        { "connected", "accept by carol", "refused PermissionDenied", "" },
        { "connected", "decline by bob", "refused FailedPrecondition", "" },
        { "connected", "decline by alice", "refused PermissionDenied", "" },
        { "connected", "decline by carol", "refused PermissionDenied", "" },
        { "connected", "ready by alice", "refused FailedPrecondition", "" },
        { "connected", "ready by bob", "refused PermissionDenied", "" },
        { "connected", "ready by carol", "refused PermissionDenied", "" },
        { "connected", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "connected", "end by carol", "refused PermissionDenied", "" },
        { "connected", "end unspecified", "refused InvalidArgument", "" },
        { "connected", "end as declined", "refused InvalidArgument", "" },
        { "connected", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "connected", "carol offline", "unchanged", "" },
        { "connected", "replay for alice", "unchanged", "" },
        { "connected", "replay for bob", "unchanged", "" },
        { "connected", "deadline", "unchanged", "" },
        { "connected", "connected by bob", "unchanged", "" },
        { "connected", "connected by carol", "refused PermissionDenied", "" },
        { "connected", "punch ready by alice", "refused FailedPrecondition", "" },
        { "connected", "punch ready by bob", "refused FailedPrecondition", "" },
        { "connected", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "connected", "relay ready by alice", "refused FailedPrecondition", "" },
        { "connected", "relay ready by bob", "refused PermissionDenied", "" },
        { "connected", "direct failed by bob", "unchanged", "" },
        { "connected", "relay failed by bob", "unchanged", "" },
        { "connected", "direct failed by carol", "refused PermissionDenied", "" },

        { "punching", "request", "refused AlreadyExists", "" },
        { "punching", "accept by bob", "refused FailedPrecondition", "" },
        { "punching", "accept by alice", "refused PermissionDenied", "" },
        { "punching", "accept by carol", "refused PermissionDenied", "" },
        { "punching", "decline by bob", "refused FailedPrecondition", "" },
        { "punching", "decline by alice", "refused PermissionDenied", "" },
        { "punching", "decline by carol", "refused PermissionDenied", "" },
        { "punching", "ready by alice", "refused FailedPrecondition", "" },
        { "punching", "ready by bob", "refused PermissionDenied", "" },
        { "punching", "ready by carol", "refused PermissionDenied", "" },
        { "punching", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "punching", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "punching", "end by carol", "refused PermissionDenied", "" },
        { "punching", "end unspecified", "refused InvalidArgument", "" },
        { "punching", "end as declined", "refused InvalidArgument", "" },
        { "punching", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "punching", "carol offline", "unchanged", "" },
        { "punching", "replay for alice", "unchanged", "alice:host" },
        { "punching", "replay for bob", "unchanged", "bob:punch" },
        { "punching", "deadline", "ended host_ready_timeout", "alice:ended, bob:ended" },
        { "punching", "connected by bob", "refused FailedPrecondition", "" },
        { "punching", "connected by carol", "refused PermissionDenied", "" },
        { "punching", "punch ready by alice", "accepted", "" },
        { "punching", "punch ready by bob", "accepted", "" },
        { "punching", "relay ready by alice", "refused FailedPrecondition", "" },
        { "punching", "relay ready by bob", "refused PermissionDenied", "" },
        { "punching", "direct failed by bob", "unchanged", "" },
        { "punching", "relay failed by bob", "unchanged", "" },
        { "punching", "direct failed by carol", "refused PermissionDenied", "" },

        { "relay accepted", "request", "refused AlreadyExists", "" },
        { "relay accepted", "accept by bob", "refused FailedPrecondition", "" },
        { "relay accepted", "accept by alice", "refused PermissionDenied", "" },
        { "relay accepted", "accept by carol", "refused PermissionDenied", "" },
        { "relay accepted", "decline by bob", "refused FailedPrecondition", "" },
        { "relay accepted", "decline by alice", "refused PermissionDenied", "" },
        { "relay accepted", "decline by carol", "refused PermissionDenied", "" },
        { "relay accepted", "ready by alice", "refused FailedPrecondition", "" },
        { "relay accepted", "ready by bob", "refused PermissionDenied", "" },
        { "relay accepted", "ready by carol", "refused PermissionDenied", "" },
        { "relay accepted", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "relay accepted", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "relay accepted", "end by carol", "refused PermissionDenied", "" },
        { "relay accepted", "end unspecified", "refused InvalidArgument", "" },
        { "relay accepted", "end as declined", "refused InvalidArgument", "" },
        { "relay accepted", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "relay accepted", "carol offline", "unchanged", "" },
        { "relay accepted", "replay for alice", "unchanged", "alice:host" },
        { "relay accepted", "replay for bob", "unchanged", "bob:relayed dial" },
        { "relay accepted", "deadline", "ended host_ready_timeout", "alice:ended, bob:ended" },
        { "relay accepted", "connected by bob", "refused FailedPrecondition", "" },
        { "relay accepted", "connected by carol", "refused PermissionDenied", "" },
        { "relay accepted", "punch ready by alice", "refused FailedPrecondition", "" },
        { "relay accepted", "punch ready by bob", "refused FailedPrecondition", "" },
        { "relay accepted", "relay ready by alice", "relaying", "alice:relay, bob:relay" },
        { "relay accepted", "relay ready by bob", "refused PermissionDenied", "" },
        { "relay accepted", "direct failed by bob", "unchanged", "" },
        { "relay accepted", "relay failed by bob", "ended connection_failed", "alice:ended, bob:ended" },
        { "relay accepted", "direct failed by carol", "refused PermissionDenied", "" },

        { "relaying", "request", "refused AlreadyExists", "" },
        { "relaying", "accept by bob", "refused FailedPrecondition", "" },
        { "relaying", "accept by alice", "refused PermissionDenied", "" },
        { "relaying", "accept by carol", "refused PermissionDenied", "" },
        { "relaying", "decline by bob", "refused FailedPrecondition", "" },
        { "relaying", "decline by alice", "refused PermissionDenied", "" },
        { "relaying", "decline by carol", "refused PermissionDenied", "" },
        { "relaying", "ready by alice", "refused FailedPrecondition", "" },
        { "relaying", "ready by bob", "refused PermissionDenied", "" },
        { "relaying", "ready by carol", "refused PermissionDenied", "" },
        { "relaying", "end by alice", "ended completed", "alice:ended, bob:ended" },
        { "relaying", "end by bob timed out", "ended heartbeat_timeout", "alice:ended, bob:ended" },
        { "relaying", "end by carol", "refused PermissionDenied", "" },
        { "relaying", "end unspecified", "refused InvalidArgument", "" },
        { "relaying", "end as declined", "refused InvalidArgument", "" },
        { "relaying", "alice offline", "ended participant_offline", "alice:ended, bob:ended" },
        { "relaying", "carol offline", "unchanged", "" },
        { "relaying", "replay for alice", "unchanged", "alice:relay" },
        { "relaying", "replay for bob", "unchanged", "bob:relay" },
        { "relaying", "deadline", "ended connection_failed", "alice:ended, bob:ended" },
        { "relaying", "connected by bob", "connected", "" },
        { "relaying", "connected by carol", "refused PermissionDenied", "" },
        { "relaying", "punch ready by alice", "refused FailedPrecondition", "" },
        { "relaying", "punch ready by bob", "refused FailedPrecondition", "" },
        { "relaying", "relay ready by alice", "refused FailedPrecondition", "" },
        { "relaying", "relay ready by bob", "refused PermissionDenied", "" },
        { "relaying", "direct failed by bob", "unchanged", "" },
        { "relaying", "relay failed by bob", "ended connection_failed", "alice:ended, bob:ended" },
        { "relaying", "direct failed by carol", "refused PermissionDenied", "" },

        { "ended", "request", "refused AlreadyExists", "" },
        { "ended", "accept by bob", "refused FailedPrecondition", "" },
        { "ended", "accept by alice", "refused PermissionDenied", "" },
        { "ended", "accept by carol", "refused PermissionDenied", "" },
        { "ended", "decline by bob", "refused FailedPrecondition", "" },
        { "ended", "decline by alice", "refused PermissionDenied", "" },
        { "ended", "decline by carol", "refused PermissionDenied", "" },
        { "ended", "ready by alice", "refused FailedPrecondition", "" },
        { "ended", "ready by bob", "refused PermissionDenied", "" },
        { "ended", "ready by carol", "refused PermissionDenied", "" },
        { "ended", "end by alice", "unchanged", "" },
        { "ended", "end by bob timed out", "unchanged", "" },
        { "ended", "end by carol", "refused PermissionDenied", "" },
        { "ended", "end unspecified", "refused InvalidArgument", "" },
        { "ended", "end as declined", "refused InvalidArgument", "" },
        { "ended", "alice offline", "unchanged", "" },
        { "ended", "carol offline", "unchanged", "" },
        { "ended", "replay for alice", "unchanged", "" },
        { "ended", "replay for bob", "unchanged", "" },
        { "ended", "deadline", "unchanged", "" },
        { "ended", "connected by bob", "refused FailedPrecondition", "" },
        { "ended", "connected by carol", "refused PermissionDenied", "" },
        { "ended", "punch ready by alice", "refused FailedPrecondition", "" },
        { "ended", "punch ready by bob", "refused FailedPrecondition", "" },
        { "ended", "relay ready by alice", "refused FailedPrecondition", "" },
        { "ended", "relay ready by bob", "refused PermissionDenied", "" },
        { "ended", "direct failed by bob", "unchanged", "" },
        { "ended", "relay failed by bob", "unchanged", "" },
        { "ended", "direct failed by carol", "refused PermissionDenied", "" },
    };

    private static SessionMachine Machine => new(Timeouts);

    private static SessionMachine WithRelay => new(Timeouts, OneRelay);

    [Fact]
    public void The_table_covers_every_state_with_every_command()
    {
        var covered = Table.Select(row => ((string)row[0], (string)row[1])).ToHashSet();

        var missing = States.Keys.SelectMany(state => Commands.Keys.Select(command => (state, command))).Where(pair => !covered.Contains(pair));

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_state_answers_each_command_as_the_table_says(string state, string command, string outcome, string events)
    {
        // Late enough for any deadline: the machine must still end only what has one.
        var now = Start.AddMinutes(2);

        var step = WithRelay.Apply(States[state], Commands[command], now);

        Assert.Equal((outcome, events), (OutcomeOf(step, States[state]), EventsOf(step)));
    }

    [Theory]
    [InlineData("requested", 59, "unchanged")]
    [InlineData("requested", 60, "ended request_timeout")]
    [InlineData("accepted", 15, "unchanged")]
    [InlineData("accepted", 16, "ended host_ready_timeout")]
    [InlineData("host_ready", 31, "unchanged")]
    [InlineData("host_ready", 32, "ended connection_failed")]
    [InlineData("relaying", 31, "unchanged")]
    [InlineData("relaying", 32, "ended connection_failed")]
    [InlineData("connected", 3600, "unchanged")]
    public void A_deadline_ends_the_session_only_once_it_has_passed(string state, int secondsAfterStart, string outcome)
    {
        var step = Machine.Apply(States[state], new DeadlineReached(), Start.AddSeconds(secondsAfterStart));

        Assert.Equal(outcome, OutcomeOf(step, States[state]));
    }

    [Fact]
    public void Each_waiting_state_has_its_deadline_and_the_others_none()
    {
        Assert.Equal(Start + Timeouts.RequestTimeout, Machine.DeadlineOf(Requested));
        Assert.Equal(Accepted.AcceptedAt + Timeouts.HostReadyTimeout, Machine.DeadlineOf(Accepted));
        Assert.Equal(Ready.HostReadyAt + Timeouts.ConnectTimeout, Machine.DeadlineOf(Ready));
        Assert.Null(Machine.DeadlineOf(Connected));
        Assert.Equal(Relaying.RelayExpiresAt - RelayRung.TicketLifetime + Timeouts.ConnectTimeout, Machine.DeadlineOf(Relaying));
        Assert.Null(Machine.DeadlineOf(Relaying with { ConnectedAt = Start.AddSeconds(5) }));
        Assert.Null(Machine.DeadlineOf(Ended));
        Assert.Null(Machine.DeadlineOf(null));
        Assert.Equal(Start.AddSeconds(60), Machine.Apply(null, Commands["request"], Start).Deadline);
    }

    [Theory]
    [InlineData(true, true, "alice")]
    [InlineData(false, true, "bob")]
    [InlineData(true, false, "alice")]
    public void Accepting_makes_the_host_the_first_reachable_of_initiator_and_responder(bool aliceReachable, bool bobReachable, string host)
    {
        var step = Machine.Apply(Requested, new AcceptChat(Bob.UserId, aliceReachable ? Reachable : Unreachable, bobReachable ? Reachable : Unreachable), Start);

        Assert.Equal(host == "alice" ? Alice.UserId : Bob.UserId, step.Session!.HostId);
        var info = Assert.IsType<SessionInfoEvent>(Assert.Single(step.Deliveries).Event);
        Assert.Equal((SessionRole.Host, host == "alice"), (info.Role, info.Initiator));
    }

    [Fact]
    public void Accepting_when_neither_side_is_reachable_ends_the_session_tells_both_and_refuses()
    {
        var step = Machine.Apply(Requested, new AcceptChat(Bob.UserId, Unreachable, Unreachable), Start);

        Assert.Equal(("ended no_connection_path", "alice:ended, bob:ended"), (OutcomeOf(step, Requested), EventsOf(step)));
        Assert.True(step.Changed);
        Assert.Equal(CoordinatorError.FailedPrecondition, step.Refusal!.Error);
        Assert.Contains("no direct path", step.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_with_no_connection_path_is_recorded_as_ended_tells_nobody_and_is_refused()
    {
        var step = Machine.Apply(null, new RequestChat(SessionId, Alice, Unreachable, Bob, Unreachable), Start);

        Assert.True(step.Changed);
        Assert.Equal((SessionState.Ended, SessionEndReason.NoConnectionPath), (step.Session!.State, step.Session.EndReason));
        Assert.Empty(step.Deliveries);
        Assert.Equal(CoordinatorError.FailedPrecondition, step.Refusal!.Error);
    }

    [Theory]
    [InlineData("offline responder", "bob is offline")]
    [InlineData("offline initiator", "alice is not connected")]
    [InlineData("with yourself", "you cannot request a chat with yourself")]
    public void A_request_that_cannot_start_is_refused_and_records_nothing(string case_, string message)
    {
        RequestChat request = case_ switch
        {
            "offline responder" => new(SessionId, Alice, Reachable, Bob, Offline),
            "offline initiator" => new(SessionId, Alice, Offline, Bob, Reachable),
            _ => new(SessionId, Alice, Reachable, Alice, Reachable),
        };

        var step = Machine.Apply(null, request, Start);

        Assert.False(step.Changed);
        Assert.Null(step.Session);
        Assert.Equal(CoordinatorError.FailedPrecondition, step.Refusal!.Error);
        Assert.StartsWith(message, step.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_ready_keeps_the_endpoint_in_the_record_and_sends_it_to_the_dialler()
    {
        var step = Machine.Apply(Accepted, new ReportHostReady(Alice.UserId, "198.51.100.7", 40123, Fingerprint), Start.AddSeconds(2));

        Assert.Equal(new HostEndpoint("198.51.100.7", 40123, Fingerprint).ToString(), step.Session!.HostEndpoint!.ToString());
        var dial = Assert.IsType<SessionInfoEvent>(Assert.Single(step.Deliveries).Event);
        Assert.Equal((SessionRole.Dial, Alice.UserId, false), (dial.Role, dial.Peer.UserId, dial.Initiator));
        Assert.Same(step.Session.HostEndpoint, dial.Host);
        Assert.Equal(Start.AddSeconds(2), step.Session.HostReadyAt);
    }

    [Theory]
    [InlineData(true, true, ConnectionPath.Direct)]
    [InlineData(false, true, ConnectionPath.Reversed)]
    public void Accepting_records_the_path_and_tells_it_to_the_host(bool aliceReachable, bool bobReachable, ConnectionPath path)
    {
        var step = Machine.Apply(Requested, new AcceptChat(Bob.UserId, aliceReachable ? Reachable : Unreachable, bobReachable ? Reachable : Unreachable), Start);

        Assert.Equal(path, step.Session!.Path);
        Assert.Equal(path, Assert.IsType<SessionInfoEvent>(Assert.Single(step.Deliveries).Event).Path);
    }

    [Fact]
    public void When_neither_is_reachable_but_both_map_endpoint_independently_the_initiator_hosts_a_punched_connection()
    {
        var restricted = new PresenceSnapshot(true, NatType.Restricted, false, null) { MeasuredAt = Start };

        var step = Machine.Apply(Requested, new AcceptChat(Bob.UserId, restricted, restricted), Start);

        Assert.Equal((ConnectionPath.Punched, (Guid?)Alice.UserId), (step.Session!.Path, step.Session.HostId));
        Assert.Equal("alice:host, bob:punch", EventsOf(step));
    }

    [Fact]
    public void Once_both_sides_reported_their_punch_ports_both_are_told_to_go_with_the_others_endpoint()
    {
        var hostReported = Machine.Apply(Punching, Commands["punch ready by alice"], Start.AddSeconds(2)).Session!;

        var step = Machine.Apply(hostReported, Commands["punch ready by bob"], Start.AddSeconds(3));

        Assert.Equal((SessionState.HostReady, (DateTimeOffset?)Start.AddSeconds(3)), (step.Session!.State, step.Session.HostReadyAt));
        Assert.Equal("alice:go, bob:go", EventsOf(step));
        var toHost = (PunchGoEvent)step.Deliveries[0].Event;
        var toDialler = (PunchGoEvent)step.Deliveries[1].Event;
        Assert.Equal((BobPunch.Address, BobPunch.Port, (byte[]?)null), (toHost.PeerAddress, toHost.PeerPort, toHost.HostCertificateSha256));
        Assert.Equal((AlicePunch.Address, AlicePunch.Port), (toDialler.PeerAddress, toDialler.PeerPort));
        Assert.Equal(Fingerprint, toDialler.HostCertificateSha256);
        Assert.Equal(Timeouts.PunchLeadTime, toDialler.StartIn);
        Assert.Equal("unchanged", OutcomeOf(Machine.Apply(step.Session, new ReplayPendingEvent(Bob.UserId), Start.AddSeconds(4)), step.Session));
    }

    [Fact]
    public void A_punch_ready_report_with_the_wrong_certificate_part_is_refused()
    {
        Assert.Equal(CoordinatorError.InvalidArgument, Machine.Apply(Punching, new ReportPunchReady(Alice.UserId, AlicePunch, null), Start).Refusal!.Error);
        Assert.Equal(CoordinatorError.InvalidArgument, Machine.Apply(Punching, new ReportPunchReady(Bob.UserId, BobPunch, Fingerprint), Start).Refusal!.Error);
    }

    [Fact]
    public void Replay_sends_the_punch_assignment_only_to_the_side_that_has_not_reported()
    {
        var hostReported = Machine.Apply(Punching, Commands["punch ready by alice"], Start).Session!;

        Assert.Empty(Machine.Apply(hostReported, new ReplayPendingEvent(Alice.UserId), Start).Deliveries);
        Assert.Equal("bob:punch", EventsOf(Machine.Apply(hostReported, new ReplayPendingEvent(Bob.UserId), Start)));
    }

    [Fact]
    public void Ending_a_punched_session_forgets_both_punch_endpoints()
    {
        var reported = Machine.Apply(Machine.Apply(Punching, Commands["punch ready by bob"], Start).Session, Commands["end by alice"], Start).Session!;

        Assert.Null(reported.DialerPunch);
        Assert.Null(reported.HostEndpoint);
    }

    [Fact]
    public void A_measurement_older_than_its_lifetime_counts_as_none()
    {
        var stale = Start + HostSelector.MeasurementLifetime + TimeSpan.FromSeconds(1);

        Assert.Equal(CoordinatorError.FailedPrecondition, Machine.Apply(Requested, new AcceptChat(Bob.UserId, Reachable, Reachable), stale).Refusal!.Error);
        Assert.Null(Machine.Apply(Requested, new AcceptChat(Bob.UserId, Reachable, Reachable), Start + HostSelector.MeasurementLifetime).Refusal);
    }

    [Fact]
    public void On_one_LAN_the_dialler_gets_the_hosts_own_addresses_and_no_one_else_ever_does()
    {
        var aliceAtHome = new PresenceSnapshot(true, NatType.Restricted, false, "203.0.113.9") { MeasuredAt = Start, LocalAddresses = ["192.168.1.2"] };
        var bobAtHome = aliceAtHome with { LocalAddresses = ["192.168.1.3"] };

        var accepted = Machine.Apply(Requested, new AcceptChat(Bob.UserId, aliceAtHome, bobAtHome), Start).Session!;
        var ready = Machine.Apply(accepted, new ReportHostReady(Alice.UserId, "203.0.113.9", 40123, Fingerprint), Start);

        Assert.Equal((ConnectionPath.Direct, (Guid?)Alice.UserId), (accepted.Path, accepted.HostId));
        Assert.Equal(["192.168.1.2"], Assert.IsType<SessionInfoEvent>(Assert.Single(ready.Deliveries).Event).Host!.LanAddresses);
        var elsewhere = Machine.Apply(Requested, new AcceptChat(Bob.UserId, Reachable with { LocalAddresses = ["192.168.1.2"] }, Unreachable), Start).Session!;
        Assert.Empty(elsewhere.HostLanAddresses);
    }

    [Fact]
    public void A_connection_reported_twice_keeps_the_first_time()
    {
        var once = Machine.Apply(Ready, new ReportConnected(Bob.UserId), Start.AddSeconds(3)).Session!;

        var twice = Machine.Apply(once, new ReportConnected(Alice.UserId), Start.AddSeconds(4));

        Assert.False(twice.Changed);
        Assert.Equal(Start.AddSeconds(3), twice.Session!.ConnectedAt);
    }

    [Fact]
    public void A_failed_connection_tells_the_peer_the_path_and_what_went_wrong()
    {
        var ready = Ready with { Path = ConnectionPath.Direct };

        var step = Machine.Apply(ready, new EndChat(Bob.UserId, SessionEndReason.ConnectionFailed, "could not reach 198.51.100.7:40123"), Start);

        var ended = Assert.IsType<SessionEndedEvent>(step.Deliveries[0].Event);
        Assert.Equal("direct connection: could not reach 198.51.100.7:40123 (reported by bob)", ended.Detail);
    }

    [Fact]
    public void Ending_forgets_the_host_endpoint_and_records_when_and_why()
    {
        var step = Machine.Apply(Ready, new EndChat(Bob.UserId, SessionEndReason.HeartbeatTimeout), Start.AddSeconds(9));

        Assert.Null(step.Session!.HostEndpoint);
        Assert.Equal((SessionEndReason.HeartbeatTimeout, (DateTimeOffset?)Start.AddSeconds(9)), (step.Session.EndReason, step.Session.EndedAt));
        var ended = Assert.IsType<SessionEndedEvent>(step.Deliveries[0].Event);
        Assert.Equal("ended by bob", ended.Detail);
    }

    /// <summary>
    /// recorded reason (alice's report) | bob's report | seconds after alice's | reason kept. A failure one side detected
    /// outranks a normal end, which outranks a lost connection; equal ranks keep the first; the window closes after 30 s;
    /// the coordinator's own reasons are never replaced.
    /// </summary>
    [Theory]
    [InlineData(SessionEndReason.Completed, SessionEndReason.HeartbeatTimeout, 2, SessionEndReason.HeartbeatTimeout)]
    [InlineData(SessionEndReason.Completed, SessionEndReason.ProtocolError, 2, SessionEndReason.ProtocolError)]
    [InlineData(SessionEndReason.Completed, SessionEndReason.ConnectionFailed, 30, SessionEndReason.ConnectionFailed)]
    [InlineData(SessionEndReason.Completed, SessionEndReason.HeartbeatTimeout, 31, SessionEndReason.Completed)]
    [InlineData(SessionEndReason.PeerDisconnected, SessionEndReason.HeartbeatTimeout, 2, SessionEndReason.HeartbeatTimeout)]
    [InlineData(SessionEndReason.PeerDisconnected, SessionEndReason.Completed, 2, SessionEndReason.Completed)]
    [InlineData(SessionEndReason.Completed, SessionEndReason.PeerDisconnected, 2, SessionEndReason.Completed)]
    [InlineData(SessionEndReason.Completed, SessionEndReason.Completed, 2, SessionEndReason.Completed)]
    [InlineData(SessionEndReason.HeartbeatTimeout, SessionEndReason.Completed, 2, SessionEndReason.HeartbeatTimeout)]
    [InlineData(SessionEndReason.HeartbeatTimeout, SessionEndReason.PeerDisconnected, 2, SessionEndReason.HeartbeatTimeout)]
    [InlineData(SessionEndReason.HeartbeatTimeout, SessionEndReason.ProtocolError, 2, SessionEndReason.HeartbeatTimeout)]
    [InlineData(SessionEndReason.ProtocolError, SessionEndReason.ConnectionFailed, 2, SessionEndReason.ProtocolError)]
    [InlineData(SessionEndReason.ParticipantOffline, SessionEndReason.HeartbeatTimeout, 2, SessionEndReason.ParticipantOffline)]
    [InlineData(SessionEndReason.Declined, SessionEndReason.ProtocolError, 2, SessionEndReason.Declined)]
    [InlineData(SessionEndReason.HostReadyTimeout, SessionEndReason.ConnectionFailed, 2, SessionEndReason.HostReadyTimeout)]
    public void When_the_two_sides_report_different_reasons_the_higher_ranked_report_within_the_window_is_kept(
        SessionEndReason recorded, SessionEndReason reported, int secondsLater, SessionEndReason kept)
    {
        var endedAt = Start.AddSeconds(3);
        var ended = Ready with { State = SessionState.Ended, HostEndpoint = null, EndedAt = endedAt, EndReason = recorded };
        var timeouts = new SessionOptions { EndReportRevisionWindow = TimeSpan.FromSeconds(30) };

        var step = new SessionMachine(timeouts).Apply(ended, new EndChat(Bob.UserId, reported), endedAt.AddSeconds(secondsLater));

        Assert.Equal((kept, (DateTimeOffset?)endedAt), (step.Session!.EndReason, step.Session.EndedAt));
        Assert.Equal(kept != recorded, step.Changed);
        Assert.Empty(step.Deliveries);
        Assert.Null(step.Refusal);
    }

    [Theory]
    [InlineData(1, 1, "requested", "")]
    [InlineData(2, 0, "refused ResourceExhausted", "alice has 2 open sessions, the most a user may have")]
    [InlineData(0, 2, "refused ResourceExhausted", "bob has too many open sessions")]
    public void A_request_beyond_either_sides_open_session_cap_is_refused_with_the_reason(int aliceOpen, int bobOpen, string outcome, string reason)
    {
        var request = (RequestChat)Commands["request"] with { InitiatorOpenSessions = aliceOpen, ResponderOpenSessions = bobOpen };

        var step = Machine.Apply(null, request, Start);

        Assert.Equal(outcome, OutcomeOf(step, null));
        Assert.StartsWith(reason, step.Refusal?.Message ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_whose_participants_both_went_away_ends_once_and_tells_both()
    {
        var first = Machine.Apply(Connected, new ParticipantWentOffline(Bob.UserId), Start.AddMinutes(5));
        var second = Machine.Apply(first.Session, new ParticipantWentOffline(Alice.UserId), Start.AddMinutes(6));

        Assert.Equal(("ended participant_offline", "alice:ended, bob:ended"), (OutcomeOf(first, Connected), EventsOf(first)));
        Assert.Equal(("unchanged", ""), (OutcomeOf(second, first.Session), EventsOf(second)));
        Assert.Null(first.Deadline);
    }

    [Fact]
    public void A_session_nobody_connects_ends_as_failed_with_its_path_and_forgets_the_endpoint()
    {
        var step = Machine.Apply(Ready with { Path = ConnectionPath.Direct }, new DeadlineReached(), Start.AddMinutes(1));

        var ended = Assert.IsType<SessionEndedEvent>(step.Deliveries[0].Event);
        Assert.Equal("direct connection: the peers did not report a connection in time", ended.Detail);
        Assert.Null(step.Session!.HostEndpoint);
    }

    [Fact]
    public void The_replayed_request_carries_the_original_expiry()
    {
        var step = Machine.Apply(Requested, new ReplayPendingEvent(Bob.UserId), Start.AddSeconds(30));

        var request = Assert.IsType<ChatRequestedEvent>(Assert.Single(step.Deliveries).Event);
        Assert.Equal(Start + Timeouts.RequestTimeout, request.ExpiresAt);
    }

    [Fact]
    public void With_a_relay_a_pair_with_no_direct_path_is_asked_and_on_acceptance_the_initiator_hosts_over_the_relay()
    {
        var requested = WithRelay.Apply(null, new RequestChat(SessionId, Alice, Unreachable, Bob, Unreachable), Start);

        var accepted = WithRelay.Apply(requested.Session, new AcceptChat(Bob.UserId, Unreachable, Unreachable), Start.AddSeconds(1));

        Assert.Equal(("requested", "bob:request"), (OutcomeOf(requested, null), EventsOf(requested)));
        Assert.Null(accepted.Refusal);
        Assert.Equal((SessionState.Accepted, ConnectionPath.Relayed, (Guid?)Alice.UserId), (accepted.Session!.State, accepted.Session.Path, accepted.Session.HostId));
        Assert.Equal("alice:host, bob:relayed dial", EventsOf(accepted));
    }

    [Fact]
    public void Relay_tickets_name_the_session_each_side_and_the_relay_and_expire_after_a_minute_and_only_the_dialler_gets_the_pin()
    {
        var now = Start.AddSeconds(2);

        var step = WithRelay.Apply(RelayAccepted, new ReportRelayReady(Alice.UserId, Fingerprint), now);

        var toHost = Assert.IsType<RelayGoEvent>(step.Deliveries[0].Event);
        var toDialler = Assert.IsType<RelayGoEvent>(step.Deliveries[1].Event);
        Assert.Equal((Relay0.Host, Relay0.Port, SessionRole.Host, (byte[]?)null), (toHost.RelayAddress, toHost.RelayPort, toHost.Side, toHost.HostCertificateSha256));
        Assert.Equal((SessionRole.Dial, Fingerprint), (toDialler.Side, toDialler.HostCertificateSha256));
        Assert.Equal(now + RelayRung.TicketLifetime, toHost.ExpiresAt);
        Assert.Equal((Relay0.Id, (DateTimeOffset?)toHost.ExpiresAt), (step.Session!.RelayId, step.Session.RelayExpiresAt));
        var host = RelayTicketCodec.Verify(toHost.Ticket, Keyring, Relay0.Id, now).Ticket!;
        var dialler = RelayTicketCodec.Verify(toDialler.Ticket, Keyring, Relay0.Id, now).Ticket!;
        Assert.Equal((SessionId, RelaySide.Host, toHost.ExpiresAt), (host.SessionId.Value, host.Side, host.ExpiresAt));
        Assert.Equal((SessionId, RelaySide.Dialer), (dialler.SessionId.Value, dialler.Side));
        Assert.Equal(RelayRefusal.Expired, RelayTicketCodec.Verify(toHost.Ticket, Keyring, Relay0.Id, now.AddSeconds(61)).Refusal);
    }

    [Fact]
    public void A_replayed_relay_go_carries_the_same_ticket_from_what_the_row_keeps()
    {
        var relaying = WithRelay.Apply(RelayAccepted, new ReportRelayReady(Alice.UserId, Fingerprint), Start).Session!;
        var sent = (RelayGoEvent)WithRelay.Apply(RelayAccepted, new ReportRelayReady(Alice.UserId, Fingerprint), Start).Deliveries[1].Event;

        var replayed = Assert.IsType<RelayGoEvent>(Assert.Single(WithRelay.Apply(relaying, new ReplayPendingEvent(Bob.UserId), Start.AddSeconds(20)).Deliveries).Event);

        Assert.Equal(sent.Ticket, replayed.Ticket);
        Assert.Equal(Fingerprint, replayed.HostCertificateSha256);
    }

    [Fact]
    public void A_relayed_session_once_connected_replays_no_ticket_and_waits_for_no_deadline()
    {
        var connected = WithRelay.Apply(Relaying, Commands["connected by bob"], Start.AddSeconds(5)).Session!;

        Assert.Empty(WithRelay.Apply(connected, new ReplayPendingEvent(Bob.UserId), Start.AddSeconds(6)).Deliveries);
        Assert.Equal("unchanged", OutcomeOf(WithRelay.Apply(connected, new DeadlineReached(), Start.AddHours(1)), connected));
    }

    [Fact]
    public void A_failed_dial_falls_back_to_the_relay_keeping_the_host_and_its_pin_and_forgetting_the_direct_endpoint()
    {
        var step = WithRelay.Apply(Ready, Commands["direct failed by bob"], Start.AddSeconds(5));

        Assert.Equal((SessionState.Relaying, ConnectionPath.Relayed, (Guid?)Alice.UserId), (step.Session!.State, step.Session.Path, step.Session.HostId));
        Assert.Equal((Relay0.Host, Relay0.Port, Fingerprint), (step.Session.HostEndpoint!.Address, step.Session.HostEndpoint.Port, step.Session.HostEndpoint.CertificateSha256));
        Assert.Equal(Fingerprint, ((RelayGoEvent)step.Deliveries[1].Event).HostCertificateSha256);
    }

    [Fact]
    public void Once_relaying_a_report_about_the_punch_the_session_left_changes_nothing_and_a_failed_relay_ends_it_with_the_reason()
    {
        var punched = Ready with { Path = ConnectionPath.Punched };
        var relaying = WithRelay.Apply(punched, new ReportConnectionFailed(Alice.UserId, ConnectionPath.Punched, "no answer"), Start).Session!;

        var late = WithRelay.Apply(relaying, new ReportConnectionFailed(Bob.UserId, ConnectionPath.Punched, "no answer"), Start);
        var failed = WithRelay.Apply(relaying, Commands["relay failed by bob"], Start);

        Assert.Equal((SessionState.Relaying, false), (late.Session!.State, late.Changed));
        var ended = Assert.IsType<SessionEndedEvent>(failed.Deliveries[0].Event);
        Assert.Equal((SessionEndReason.ConnectionFailed, "relay: the relay refused (no_peer) (reported by bob)"), (ended.Reason, ended.Detail));
    }

    [Fact]
    public void Without_a_relay_a_failed_dial_ends_the_session_and_tells_the_peer_the_path_and_what_went_wrong()
    {
        var step = Machine.Apply(Ready, Commands["direct failed by bob"], Start);

        var ended = Assert.IsType<SessionEndedEvent>(step.Deliveries[0].Event);
        Assert.Equal((SessionEndReason.ConnectionFailed, "direct connection: could not reach 198.51.100.7:40123 (reported by bob)"), (ended.Reason, ended.Detail));
    }

    [Fact]
    public void Each_session_keeps_one_relay_and_sessions_spread_over_all_of_them()
    {
        var relays = new RelayRung([Relay0, new RelayServer("relay-1", "203.0.113.51", 50061)], new KeyringTicketIssuer(Keyring));
        var sessions = Enumerable.Range(0, 8).Select(i => Guid.Parse($"5e55a000-0000-4000-8000-{i:x12}")).ToList();

        Assert.All(sessions, id => Assert.Same(relays.For(id), relays.For(id)));
        Assert.Equal(2, sessions.Select(id => relays.For(id).Id).Distinct().Count());
    }

    private static string OutcomeOf(SessionStep step, SessionRecord? before)
    {
        if (!step.Changed)
        {
            Assert.Same(before, step.Session);
            return step.Refusal is { } refusal ? $"refused {refusal.Error}" : "unchanged";
        }

        if (before?.ConnectedAt is null && step.Session!.ConnectedAt is not null)
        {
            return "connected";
        }

        return step.Session!.State switch
        {
            SessionState.Requested => "requested",
            SessionState.Accepted => "accepted",
            SessionState.HostReady => "host_ready",
            SessionState.Relaying => "relaying",
            SessionState.Ended => $"ended {step.Session.EndReason!.Value.ToColumn()}",
            _ => "unspecified",
        };
    }

    private static string EventsOf(SessionStep step) => string.Join(", ", step.Deliveries.Select(d => $"{NameOf(d.UserId)}:{KindOf(d.Event)}"));

    private static string NameOf(Guid userId) => userId == Alice.UserId ? "alice" : userId == Bob.UserId ? "bob" : "carol";

    private static string KindOf(ClientEvent clientEvent) => clientEvent switch
    {
        ChatRequestedEvent => "request",
        SessionInfoEvent { Role: SessionRole.Host } => "host",
        SessionInfoEvent { Role: SessionRole.Dial, Host: not null } => "dial",
        SessionInfoEvent { Role: SessionRole.Dial, Path: ConnectionPath.Punched } => "punch",
        SessionInfoEvent { Role: SessionRole.Dial, Path: ConnectionPath.Relayed } => "relayed dial",
        RelayGoEvent => "relay",
        PunchGoEvent => "go",
        SessionEndedEvent => "ended",
        _ => "other",
    };
}
