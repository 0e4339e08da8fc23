using LogChat.Protocol.Sessions;

namespace LogChat.Protocol.Relay;

/// <summary>
/// What the coordinator grants one participant of a session: one connection to one relay, as one side, until a time.
/// <see cref="RelayTicketCodec"/> turns it into the authenticated bytes the participant hands the relay.
/// </summary>
/// <param name="SessionId">The session both sides' tickets name; the relay pairs on it.</param>
/// <param name="Side">Which end this participant is.</param>
/// <param name="ExpiresAt">After this the relay refuses the ticket (whole seconds on the wire).</param>
/// <param name="RelayId">The configured identity of the only relay that accepts the ticket.</param>
public sealed record RelayTicket(SessionId SessionId, RelaySide Side, DateTimeOffset ExpiresAt, string RelayId);
