namespace LogChat.Grains.Sessions;

/// <summary>Which side of the peer connection a participant takes.</summary>
public enum SessionRole
{
    /// <summary>No role: never given to a participant.</summary>
    Unspecified,
    Host,
    Dial,
}
