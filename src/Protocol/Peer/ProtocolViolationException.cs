namespace LogChat.Protocol.Peer;

/// <summary>
/// A frame was forged, replayed, reordered, oversized or malformed, or a limit of the protocol
/// was reached. The session must end. The message never contains key material or message content.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException()
        : base("The peer broke the protocol.")
    {
    }

    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
