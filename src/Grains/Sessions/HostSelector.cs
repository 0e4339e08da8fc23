using LogChat.Grains.Presence;

namespace LogChat.Grains.Sessions;

/// <summary>
/// Chooses which participant hosts the peer connection and how the peers reach each other, on measured facts only:
/// the initiator hosts if a dial-back reached it (direct), else the responder if one reached it (reversed); when
/// neither is reachable but both NATs keep one public port per local port (restricted cone, as measured), the initiator
/// hosts on a hole-punched connection; otherwise there is no direct path. Two users observed at one public address who
/// both offered their own addresses sit behind one router: the dialler tries the host's LAN addresses first, and where
/// the rule above finds no path or a punch (a router seldom connects its own clients through its public address), the
/// initiator hosts over the LAN. A measurement older than
/// <see cref="MeasurementLifetime"/> counts as none: the user may have moved to another network since.
/// </summary>
public static class HostSelector
{
    /// <summary>How long a measurement is believed; clients measure again before a chat when theirs is older than 3 minutes.</summary>
    public static readonly TimeSpan MeasurementLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The host and the path at <paramref name="now"/>, or null when there is no direct path.</summary>
    public static HostSelection? Select(Guid initiatorId, PresenceSnapshot initiator, Guid responderId, PresenceSnapshot responder, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(responder);
        var sameNetwork = OnOneNetwork(initiator, responder, now);
        var selection = Across(initiatorId, initiator, responderId, responder, now);
        return selection switch
        {
            // A router seldom lets its own clients reach each other through its public address: over the LAN instead.
            null or { Path: ConnectionPath.Punched } when sameNetwork => new HostSelection(initiatorId, ConnectionPath.Direct, SameNetwork: true),
            { } across => across with { SameNetwork = sameNetwork },
            null => null,
        };
    }

    private static HostSelection? Across(Guid initiatorId, PresenceSnapshot initiator, Guid responderId, PresenceSnapshot responder, DateTimeOffset now)
    {
        if (IsFresh(initiator, now) && initiator.CanAcceptInbound)
        {
            return new HostSelection(initiatorId, ConnectionPath.Direct);
        }

        if (IsFresh(responder, now) && responder.CanAcceptInbound)
        {
            return new HostSelection(responderId, ConnectionPath.Reversed);
        }

        return IsPunchable(initiator, now) && IsPunchable(responder, now) ? new HostSelection(initiatorId, ConnectionPath.Punched) : null;
    }

    // Both measured at one public address, and both offered addresses of their own to dial on the LAN.
    private static bool OnOneNetwork(PresenceSnapshot initiator, PresenceSnapshot responder, DateTimeOffset now) =>
        IsFresh(initiator, now) && IsFresh(responder, now)
        && initiator.PublicAddress is { } shared && shared == responder.PublicAddress
        && initiator.LocalAddresses.Count > 0 && responder.LocalAddresses.Count > 0;

    private static bool IsPunchable(PresenceSnapshot presence, DateTimeOffset now) => IsFresh(presence, now) && presence.NatType == NatType.Restricted;

    private static bool IsFresh(PresenceSnapshot presence, DateTimeOffset now) =>
        presence.MeasuredAt is { } measuredAt && now - measuredAt <= MeasurementLifetime;
}

/// <summary>
/// Who hosts, and over which path the other reaches it; <paramref name="SameNetwork"/> when both were observed at one
/// public address (one LAN): the dialler is then given the host's own addresses to try first.
/// </summary>
public readonly record struct HostSelection(Guid HostId, ConnectionPath Path, bool SameNetwork = false);
