namespace LogChat.Client.Coordinator;

/// <summary>The coordinator no longer accepts this login (token expired or revoked).</summary>
public sealed class CoordinatorRefusedException : Exception
{
    public CoordinatorRefusedException()
        : base("The coordinator refused this login.")
    {
    }

    public CoordinatorRefusedException(string message)
        : base(message)
    {
    }

    public CoordinatorRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
