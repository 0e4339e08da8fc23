using LogChat.Client.Sessions;

namespace LogChat.Client.Chat;

/// <summary>A chat did not start: declined, timed out, no connection path, a refused key, a failed connection.</summary>
public sealed class ChatSetupException : Exception
{
    public ChatSetupException()
        : base("The chat did not start.")
    {
    }

    public ChatSetupException(string message)
        : base(message)
    {
    }

    public ChatSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChatSetupException(SessionEndReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the session ended, when the coordinator said.</summary>
    public SessionEndReason Reason { get; }
}
