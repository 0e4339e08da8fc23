using LogChat.Grains.Presence;

namespace LogChat.Grains.Sessions;

/// <summary>
/// Chooses which participant hosts the peer connection (the seed's algorithm): the initiator if it can accept
/// inbound connections, else the responder if it can, else there is no connection path.
/// </summary>
public static class HostSelector
{
    /// <summary>The host's user id, or null when neither side can be reached.</summary>
    public static Guid? Select(Guid initiatorId, PresenceSnapshot initiator, Guid responderId, PresenceSnapshot responder)
    {
        if (CanHost(initiator))
        {
            return initiatorId;
        }

        return CanHost(responder) ? responderId : null;
    }

    /// <summary>Only a user who says it accepts inbound connections hosts, whatever its NAT type.</summary>
    private static bool CanHost(PresenceSnapshot presence) => presence.CanAcceptInbound;
}
