using LogChat.Grains.Presence;

namespace LogChat.Grains.Sessions;

/// <summary>
/// Chooses which participant hosts the peer connection and how the peers reach each other, on measured facts only:
/// the initiator hosts if a dial-back reached it (direct), else the responder if one reached it (reversed); when
/// neither is reachable but both NATs keep one public port per local port (restricted cone, as measured), the initiator
/// hosts on a hole-punched connection; otherwise there is no direct path.
/// </summary>
public static class HostSelector
{
    /// <summary>The host and the path, or null when there is no direct path.</summary>
    public static HostSelection? Select(Guid initiatorId, PresenceSnapshot initiator, Guid responderId, PresenceSnapshot responder)
    {
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(responder);
        if (initiator.CanAcceptInbound)
        {
            return new HostSelection(initiatorId, ConnectionPath.Direct);
        }

        if (responder.CanAcceptInbound)
        {
            return new HostSelection(responderId, ConnectionPath.Reversed);
        }

        return IsPunchable(initiator) && IsPunchable(responder) ? new HostSelection(initiatorId, ConnectionPath.Punched) : null;
    }

    private static bool IsPunchable(PresenceSnapshot presence) => presence.NatType == NatType.Restricted;
}

/// <summary>Who hosts, and over which path the other reaches it.</summary>
public readonly record struct HostSelection(Guid HostId, ConnectionPath Path);
