namespace LogChat.Client.Peer.Punch;

/// <summary>
/// When the attempts of a TCP simultaneous open happen: <see cref="Attempts"/> equal slots that together fill
/// <see cref="Window"/> from <see cref="Start"/>, the moment both sides agreed on. Each attempt has its slot to connect;
/// one that fails early waits for the next slot, so both sides keep sending their SYNs at the same moments.
/// </summary>
public sealed record PunchSchedule
{
    /// <summary>The usual schedule: six attempts over three seconds (see docs/decisions.md).</summary>
    public const int DefaultAttempts = 6;

    /// <summary>The usual window: three seconds.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(3);

    public PunchSchedule(DateTimeOffset start, int attempts, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Start = start;
        Attempts = attempts;
        Window = window;
    }

    /// <summary>The agreed moment of the first attempt.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>How many attempts at most.</summary>
    public int Attempts { get; }

    /// <summary>How long all the attempts together may take.</summary>
    public TimeSpan Window { get; }

    /// <summary>The length of one attempt's slot.</summary>
    public TimeSpan Interval => Window / Attempts;

    /// <summary>When no attempt may run any more.</summary>
    public DateTimeOffset End => Start + Window;

    /// <summary>The usual schedule from <paramref name="start"/>.</summary>
    public static PunchSchedule From(DateTimeOffset start) => new(start, DefaultAttempts, DefaultWindow);

    /// <summary>When attempt <paramref name="attempt"/> (0-based) begins; its slot ends when the next one begins.</summary>
    public DateTimeOffset SlotBegins(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, Attempts);
        return attempt == Attempts ? End : Start + (Interval * attempt);
    }
}
