namespace LogChat.Protocol.Relay;

/// <summary>
/// The relay's one-byte answer to a ticket: <see cref="None"/> (0x00) pairs the connection, every other value refuses
/// it and the relay closes. The values are the wire codes of docs/protocol.md; <see cref="RelayRefusals"/> names them.
/// </summary>
public enum RelayRefusal : byte
{
    /// <summary>Not a refusal: both sides are there and the relay copies bytes from now on.</summary>
    None = 0,

    /// <summary>The ticket does not parse: wrong length, version, side or relay id encoding.</summary>
    Malformed = 1,

    /// <summary>The MAC does not match, or no configured key has the ticket's key id.</summary>
    BadMac = 2,

    /// <summary>The ticket's expiry has passed.</summary>
    Expired = 3,

    /// <summary>The ticket names another relay.</summary>
    WrongRelay = 4,

    /// <summary>That side of the session is already connected.</summary>
    SideTaken = 5,

    /// <summary>The ticket was already used for a pairing.</summary>
    Reused = 6,

    /// <summary>The other side did not arrive within the pairing window.</summary>
    NoPeer = 7,

    /// <summary>The relay carries its maximum of pairs.</summary>
    Full = 8,

    /// <summary>Too many connections from this address.</summary>
    AddressLimit = 9,

    /// <summary>The relay is shutting down.</summary>
    Draining = 10,

    /// <summary>The process of this relay that pairs the session (relays of one identity share sessions out) could not be reached.</summary>
    Unreachable = 11,
}
