namespace LogChat.Hosting.Admin;

/// <summary>Whether a process has begun its graceful shutdown and takes no new clients.</summary>
public interface IDrainState
{
    bool IsDraining { get; }
}
