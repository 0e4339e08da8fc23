namespace LogChat.Client.Coordinator;

/// <summary>The client was asked to talk plaintext to a host that is not this machine.</summary>
public sealed class InsecureTransportException : Exception
{
    public InsecureTransportException()
        : base("Refusing a plaintext connection to a non-loopback address.")
    {
    }

    public InsecureTransportException(string message)
        : base(message)
    {
    }

    public InsecureTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
