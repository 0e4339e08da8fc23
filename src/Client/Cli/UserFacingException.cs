namespace LogChat.Client.Cli;

/// <summary>An error whose message is written for the user as it is, with the exit code to end with.</summary>
public sealed class UserFacingException : Exception
{
    public UserFacingException()
        : base("The command failed.")
    {
    }

    public UserFacingException(string message)
        : base(message)
    {
    }

    public UserFacingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
