namespace LogChat.Protocol.Relay;

/// <summary>The metric label and the human sentence of each <see cref="RelayRefusal"/>.</summary>
public static class RelayRefusals
{
    /// <summary>The refusal's label in the relay's metrics (<c>logchat_relay_refusals_total{reason=...}</c>).</summary>
    public static string Label(this RelayRefusal refusal) => refusal switch
    {
        RelayRefusal.None => "none",
        RelayRefusal.Malformed => "malformed",
        RelayRefusal.BadMac => "bad_mac",
        RelayRefusal.Expired => "expired",
        RelayRefusal.WrongRelay => "wrong_relay",
        RelayRefusal.SideTaken => "side_taken",
        RelayRefusal.Reused => "reused",
        RelayRefusal.NoPeer => "no_peer",
        RelayRefusal.Full => "full",
        RelayRefusal.AddressLimit => "address_limit",
        RelayRefusal.Draining => "draining",
        RelayRefusal.Unreachable => "unreachable",
        _ => "unknown",
    };

    /// <summary>What the refusal means, for an error a user or operator reads.</summary>
    public static string Describe(this RelayRefusal refusal) => refusal switch
    {
        RelayRefusal.None => "accepted",
        RelayRefusal.Malformed => "the ticket is malformed",
        RelayRefusal.BadMac => "the ticket's authentication does not verify (forged, or signed with a key the relay does not have)",
        RelayRefusal.Expired => "the ticket has expired",
        RelayRefusal.WrongRelay => "the ticket is for another relay",
        RelayRefusal.SideTaken => "that side of the session is already connected",
        RelayRefusal.Reused => "the ticket was already used",
        RelayRefusal.NoPeer => "the peer did not reach the relay in time",
        RelayRefusal.Full => "the relay is full",
        RelayRefusal.AddressLimit => "too many connections from this address",
        RelayRefusal.Draining => "the relay is shutting down",
        RelayRefusal.Unreachable => "the relay could not reach its process that pairs this session",
        _ => $"unknown refusal code {(byte)refusal}",
    };
}
