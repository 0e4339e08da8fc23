namespace LogChat.Client.Peer;

/// <summary>A message could not be sent because the conversation has ended.</summary>
public sealed class ConversationEndedException : Exception
{
    public ConversationEndedException()
        : base("The conversation has ended.")
    {
    }

    public ConversationEndedException(string message)
        : base(message)
    {
    }

    public ConversationEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
