namespace LogChat.Protocol.Peer;

/// <summary>
/// The handshake did not establish a channel with the expected peer. The message is safe to show
/// to a user and never contains key material.
/// </summary>
public sealed class HandshakeFailedException : Exception
{
    public HandshakeFailedException()
        : base("The secure handshake with the peer failed.")
    {
    }

    public HandshakeFailedException(string message)
        : base(message)
    {
    }

    public HandshakeFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
