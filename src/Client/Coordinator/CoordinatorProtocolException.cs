namespace LogChat.Client.Coordinator;

/// <summary>The coordinator sent something this client cannot use: a malformed id, an invalid identity key.</summary>
public sealed class CoordinatorProtocolException : Exception
{
    public CoordinatorProtocolException()
        : base("The coordinator sent something this client cannot use.")
    {
    }

    public CoordinatorProtocolException(string message)
        : base(message)
    {
    }

    public CoordinatorProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
