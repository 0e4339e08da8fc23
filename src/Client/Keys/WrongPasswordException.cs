namespace LogChat.Client.Keys;

/// <summary>The password does not open the identity key (or the key file was altered).</summary>
public sealed class WrongPasswordException : Exception
{
    public WrongPasswordException()
        : base("Wrong password: the identity key could not be decrypted.")
    {
    }

    public WrongPasswordException(string message)
        : base(message)
    {
    }

    public WrongPasswordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
