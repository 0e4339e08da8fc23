using System.Net;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;

namespace LogChat.Bench.Load.Peer;

/// <summary>The relay bench.sh started, and the ticket key it shares with the coordinator (whose part the bench plays).</summary>
public sealed record RelayTarget(IPEndPoint Endpoint, string Id, RelayTicketKeyring Keyring)
{
    /// <summary>A ticket for one side of <paramref name="session"/>, as the coordinator issues it (60 s).</summary>
    public byte[] Ticket(SessionId session, RelaySide side) =>
        RelayTicketCodec.Issue(new RelayTicket(session, side, DateTimeOffset.UtcNow.AddSeconds(60), Id), Keyring);
}
