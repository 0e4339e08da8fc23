namespace LogChat.Grains.Sessions;

/// <summary>Which side of the peer connection a participant takes.</summary>
public enum SessionRole
{
    Host,
    Dial,
}
