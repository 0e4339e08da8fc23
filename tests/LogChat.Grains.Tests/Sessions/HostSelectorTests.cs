using LogChat.Grains.Presence;
using LogChat.Grains.Sessions;
using Xunit;

namespace LogChat.Grains.Tests.Sessions;

public sealed class HostSelectorTests
{
    private static readonly Guid InitiatorId = Guid.NewGuid();
    private static readonly Guid ResponderId = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(NatTable.Rows), MemberType = typeof(NatTable))]
    public void The_host_is_the_initiator_if_it_accepts_inbound_else_the_responder_else_nobody(
        NatType initiatorNat, bool initiatorInbound, NatType responderNat, bool responderInbound, ExpectedHost expected)
    {
        var host = HostSelector.Select(
            InitiatorId, new PresenceSnapshot(true, initiatorNat, initiatorInbound, null) { MeasuredAt = Now },
            ResponderId, new PresenceSnapshot(true, responderNat, responderInbound, null) { MeasuredAt = Now },
            Now);

        Assert.Equal(
            expected switch
            {
                ExpectedHost.Initiator => InitiatorId,
                ExpectedHost.Responder => ResponderId,
                _ => (Guid?)null,
            },
            host?.HostId);
    }

    [Theory]
    [InlineData(NatType.Restricted)]
    [InlineData(NatType.Symmetric)]
    public void A_restricted_or_symmetric_user_that_cannot_accept_inbound_never_hosts(NatType natType)
    {
        var unreachable = new PresenceSnapshot(true, natType, false, "203.0.113.7") { MeasuredAt = Now };
        var reachable = new PresenceSnapshot(true, NatType.None, true, null) { MeasuredAt = Now };

        Assert.Equal(new HostSelection(ResponderId, ConnectionPath.Reversed), HostSelector.Select(InitiatorId, unreachable, ResponderId, reachable, Now));
        Assert.Equal(new HostSelection(InitiatorId, ConnectionPath.Direct), HostSelector.Select(InitiatorId, reachable, ResponderId, unreachable, Now));
    }

    [Fact]
    public void A_user_never_measured_neither_hosts_nor_punches()
    {
        var claimed = new PresenceSnapshot(true, NatType.Restricted, true, null);
        var measured = new PresenceSnapshot(true, NatType.Restricted, false, null) { MeasuredAt = Now };

        Assert.Null(HostSelector.Select(InitiatorId, claimed, ResponderId, measured, Now));
    }

    [Theory]
    [InlineData(NatType.Restricted, false, NatType.Restricted, false, true, ConnectionPath.Direct)]
    [InlineData(NatType.Symmetric, false, NatType.Symmetric, false, true, ConnectionPath.Direct)]
    [InlineData(NatType.Symmetric, false, NatType.FullCone, true, false, ConnectionPath.Reversed)]
    public void Two_users_at_one_public_address_who_offered_their_own_addresses_are_on_one_LAN(
        NatType initiatorNat, bool initiatorInbound, NatType responderNat, bool responderInbound, bool initiatorHosts, ConnectionPath path)
    {
        var initiator = new PresenceSnapshot(true, initiatorNat, initiatorInbound, "203.0.113.9") { MeasuredAt = Now, LocalAddresses = ["192.168.1.2"] };
        var responder = new PresenceSnapshot(true, responderNat, responderInbound, "203.0.113.9") { MeasuredAt = Now, LocalAddresses = ["192.168.1.3"] };

        var selection = HostSelector.Select(InitiatorId, initiator, ResponderId, responder, Now);

        Assert.Equal(new HostSelection(initiatorHosts ? InitiatorId : ResponderId, path, SameNetwork: true), selection);
    }

    [Fact]
    public void Users_at_one_public_address_who_offered_no_addresses_of_their_own_are_not_taken_for_one_LAN()
    {
        var first = new PresenceSnapshot(true, NatType.Symmetric, false, "203.0.113.9") { MeasuredAt = Now };
        var second = new PresenceSnapshot(true, NatType.Symmetric, false, "203.0.113.9") { MeasuredAt = Now, LocalAddresses = ["10.0.0.2"] };

        Assert.Null(HostSelector.Select(InitiatorId, first, ResponderId, second, Now));
    }
}
