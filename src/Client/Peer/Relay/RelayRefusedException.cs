using LogChat.Protocol.Relay;

namespace LogChat.Client.Peer.Relay;

/// <summary>The relay answered a ticket with a refusal code and closed the connection.</summary>
public sealed class RelayRefusedException : Exception
{
    public RelayRefusedException()
        : this(RelayRefusal.Malformed)
    {
    }

    public RelayRefusedException(string message)
        : base(message)
    {
    }

    public RelayRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A refusal the relay answered with.</summary>
    public RelayRefusedException(RelayRefusal refusal)
        : base($"The relay refused the connection ({refusal.Label()}): {refusal.Describe()}.")
    {
        Refusal = refusal;
    }

    /// <summary>The relay's refusal code.</summary>
    public RelayRefusal Refusal { get; }
}
