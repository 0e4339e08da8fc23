using LogChat.Grains.Events;

namespace LogChat.Grains.Presence;

/// <summary>
/// A gateway's single observer, through which grains reach the Connect streams the gateway holds.
/// Calls are one-way: a gateway that is gone simply never answers, and its connections' leases expire.
/// </summary>
public interface IGatewayObserver : IGrainObserver
{
    /// <summary>Writes an event to the Connect stream <paramref name="connectionId"/> if the gateway still holds it.</summary>
    [OneWay]
    Task Deliver(Guid connectionId, ClientEvent clientEvent);

    /// <summary>Ends the Connect stream <paramref name="connectionId"/>, if the gateway still holds it, as UNAUTHENTICATED with <paramref name="reason"/>.</summary>
    [OneWay]
    Task EndStream(Guid connectionId, string reason);
}
