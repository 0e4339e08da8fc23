namespace LogChat.Client.Peer;

/// <summary>Encrypted heartbeats, sent both ways; a peer silent for a whole window is gone.</summary>
/// <param name="Interval">How often this side sends a heartbeat (and checks the window).</param>
/// <param name="Window">How long this side waits without any frame from the peer before it ends the session.</param>
public sealed record HeartbeatOptions(TimeSpan Interval, TimeSpan Window)
{
    /// <summary>
    /// The longest a peer may go without sending a frame (docs/protocol.md, "Heartbeats"): every peer sends at least this
    /// often, so a window of <see cref="ShortestWindow"/> or more never cuts off a live peer, whichever implementation it is.
    /// </summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);

    /// <summary>The shortest silence after which a peer may end a session: three of the longest intervals.</summary>
    public static readonly TimeSpan ShortestWindow = LongestInterval * 3;

    /// <summary>The shortest interval the command line takes (ten frames a second is plenty to prove life).</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest window the command line takes.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    /// <summary>A heartbeat every 2 s; 10 s of silence ends the session.</summary>
    public static HeartbeatOptions Default { get; } = new(LongestInterval, TimeSpan.FromSeconds(10));
}
