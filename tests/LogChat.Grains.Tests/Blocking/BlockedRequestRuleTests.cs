using LogChat.Grains.Accounts;
using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using Xunit;

namespace LogChat.Grains.Tests.Blocking;

/// <summary>The session machine's rule for a responder who blocks the initiator: offline, word for word.</summary>
public sealed class BlockedRequestRuleTests
{
    private static readonly SessionMachine Machine = new(new SessionOptions());
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly Participant Alice = new(Guid.Parse("a11ce000-0000-4000-8000-000000000001"), "alice", [.. Enumerable.Repeat((byte)1, 32)]);
    private static readonly Participant Bob = new(Guid.Parse("b0b00000-0000-4000-8000-000000000002"), "bob", [.. Enumerable.Repeat((byte)2, 32)]);
    private static readonly PresenceSnapshot Online = new(true, NatType.None, true, null) { MeasuredAt = Now };
    private static readonly PresenceSnapshot Offline = new(false, NatType.Unknown, false, null);

    public static TheoryData<bool, int> Initiators => new()
    {
        { true, 0 },
        { false, 0 },
        { true, 1000 },
    };

    [Theory]
    [MemberData(nameof(Initiators))]
    public void A_request_to_a_responder_who_blocks_the_initiator_is_refused_exactly_as_one_to_an_offline_responder(bool initiatorOnline, int initiatorOpenSessions)
    {
        var initiatorPresence = initiatorOnline ? Online : Offline;
        var blocked = Request(initiatorPresence, Online, initiatorOpenSessions) with { BlockedByResponder = true };
        var offline = Request(initiatorPresence, Offline, initiatorOpenSessions);

        var blockedStep = Machine.Apply(null, blocked, Now);
        var offlineStep = Machine.Apply(null, offline, Now);

        Assert.NotNull(offlineStep.Refusal);
        Assert.Equal(offlineStep.Refusal, blockedStep.Refusal);
        Assert.Equal("bob is offline", blockedStep.Refusal!.Message);
        Assert.Equal((offlineStep.Session, offlineStep.Changed, offlineStep.Deliveries.Count), (blockedStep.Session, blockedStep.Changed, blockedStep.Deliveries.Count));
        Assert.Empty(blockedStep.Deliveries);
    }

    [Fact]
    public void The_same_request_without_the_block_reaches_the_responder()
    {
        var step = Machine.Apply(null, Request(Online, Online, 0), Now);

        Assert.Null(step.Refusal);
        Assert.Equal(Bob.UserId, Assert.Single(step.Deliveries).UserId);
    }

    private static RequestChat Request(PresenceSnapshot initiator, PresenceSnapshot responder, int initiatorOpenSessions) =>
        new(Guid.NewGuid(), Alice, initiator, Bob, responder) { InitiatorOpenSessions = initiatorOpenSessions };
}
