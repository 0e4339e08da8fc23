namespace LogChat.Protocol.Relay;

/// <summary>Which end of a relayed session a ticket admits; the byte value is the ticket's side field.</summary>
public enum RelaySide : byte
{
    /// <summary>Not a side: a ticket carrying it is malformed.</summary>
    Unspecified = 0,

    /// <summary>Serves TLS (the peer gRPC service) over its relay connection.</summary>
    Host = 1,

    /// <summary>Runs the TLS client over its relay connection.</summary>
    Dialer = 2,
}
