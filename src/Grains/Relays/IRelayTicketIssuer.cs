using LogChat.Grains.Sessions;

namespace LogChat.Grains.Relays;

/// <summary>
/// Makes the ticket one participant of a session presents to a relay. Deterministic: the same inputs give the same
/// bytes, so a ticket is issued again on replay from what the session row keeps, and no ticket is ever stored.
/// </summary>
public interface IRelayTicketIssuer
{
    byte[] Issue(Guid sessionId, SessionRole side, DateTimeOffset expiresAt, string relayId);
}
