namespace LogChat.Client.Peer;

/// <summary>The peer connection could not be made or was refused (before any chat content flowed).</summary>
public sealed class PeerConnectionException : Exception
{
    public PeerConnectionException()
        : base("The peer connection failed.")
    {
    }

    public PeerConnectionException(string message)
        : base(message)
    {
    }

    public PeerConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
