using LogChat.Grains.Auth;
using LogChat.Grains.Events;

namespace LogChat.Grains.Presence;

/// <summary>
/// A user's presence (key: user id): online exactly while at least one Connect stream is registered and its
/// lease is renewed. Transitions are written to <c>user_presence</c>; a new stream has the user's open sessions (read from <c>sessions</c>)
/// replay what is pending, and going offline ends them.
/// </summary>
public interface IPresenceGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Registers a Connect stream held by <paramref name="gateway"/> (identified by <paramref name="gatewayId"/>), opened
    /// with <paramref name="token"/>: the stream ends when the token expires or is revoked (<see cref="EndStreams"/>).
    /// RESOURCE_EXHAUSTED when the user holds <see cref="PresenceOptions.MaxStreamsPerUser"/> streams already.
    /// </summary>
    Task Connect(Guid connectionId, IGatewayObserver gateway, string gatewayId, StreamToken token);

    /// <summary>
    /// Extends a connection's lease, or registers it as <see cref="Connect"/> does when this activation does not know
    /// it (it was reactivated after a silo failure). One-way: a gateway renews every few seconds, and a renewal that
    /// is lost is made up by the next one well within the lease.
    /// </summary>
    [OneWay]
    Task Renew(Guid connectionId, IGatewayObserver gateway, string gatewayId, StreamToken token);

    /// <summary>
    /// Ends the user's Connect streams opened with the token <paramref name="tokenId"/> (every stream when null), telling
    /// their gateways to close them with <paramref name="reason"/>.
    /// </summary>
    Task EndStreams(Guid? tokenId, string reason);

    /// <summary>
    /// The user's account is being deleted: ends every Connect stream with <paramref name="reason"/>, forgets the
    /// presence held in memory (addresses, observations, deadlines) and lets the activation go. A later activation reads
    /// the table, which no longer has the user's row.
    /// </summary>
    Task Close(string reason);

    /// <summary>Removes a closed Connect stream; the user goes offline after the grace period unless another one arrives.</summary>
    Task Disconnect(Guid connectionId);

    /// <summary>Remembers, for a few minutes, what a gateway endpoint observed of the user's call (the mapping measurement).</summary>
    Task RecordObservation(MappingObservation observation);

    /// <summary>
    /// Stores the result of a dial-back to the user's listener at <paramref name="observedAddress"/>: reachable or not,
    /// and the NAT type derived from it, the user's own <paramref name="localAddresses"/> and the recent observations.
    /// Returns the presence as stored.
    /// </summary>
    Task<PresenceSnapshot> RecordReachability(string observedAddress, bool reachable, IReadOnlyList<string> localAddresses);

    /// <summary>
    /// Expires the leases that ran out and ends a grace period that did, then schedules the next deadline with
    /// <see cref="PresenceDeadlines"/>, which calls this when it passes. Early calls change nothing.
    /// </summary>
    [OneWay]
    Task CheckDeadline();

    /// <summary>The current presence.</summary>
    [AlwaysInterleave]
    Task<PresenceSnapshot> GetPresence();

    /// <summary>
    /// Sends an event to every Connect stream of the user; a no-op while offline. One-way: what a session sends is
    /// stored in its row first, and a user who missed it gets it again when a stream opens.
    /// </summary>
    [AlwaysInterleave]
    [OneWay]
    Task Deliver(ClientEvent clientEvent);
}
