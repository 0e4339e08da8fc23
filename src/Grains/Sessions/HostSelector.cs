using LogChat.Grains.Presence;

namespace LogChat.Grains.Sessions;

/// <summary>
/// Chooses which participant hosts the peer connection and how the peers reach each other, on measured facts only:
/// the initiator hosts if a dial-back reached it (direct), else the responder if one reached it (reversed); when
/// neither is reachable but both NATs keep one public port per local port (restricted cone, as measured), the initiator
/// hosts on a hole-punched connection; otherwise there is no direct path. A measurement older than
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

    private static bool IsPunchable(PresenceSnapshot presence, DateTimeOffset now) => IsFresh(presence, now) && presence.NatType == NatType.Restricted;

    private static bool IsFresh(PresenceSnapshot presence, DateTimeOffset now) =>
        presence.MeasuredAt is { } measuredAt && now - measuredAt <= MeasurementLifetime;
}

/// <summary>Who hosts, and over which path the other reaches it.</summary>
public readonly record struct HostSelection(Guid HostId, ConnectionPath Path);
