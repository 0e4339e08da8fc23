using LogChat.Grains.Sessions;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;

namespace LogChat.Grains.Relays;

/// <summary>Issues version-1 relay tickets under the keyring's signing key.</summary>
public sealed class KeyringTicketIssuer(RelayTicketKeyring keyring) : IRelayTicketIssuer
{
    public byte[] Issue(Guid sessionId, SessionRole side, DateTimeOffset expiresAt, string relayId) =>
        RelayTicketCodec.Issue(new RelayTicket(new SessionId(sessionId), side == SessionRole.Host ? RelaySide.Host : RelaySide.Dialer, expiresAt, relayId), keyring);
}
