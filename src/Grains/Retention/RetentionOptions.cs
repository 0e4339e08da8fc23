namespace LogChat.Grains.Retention;

/// <summary>How long metadata is kept before <see cref="RetentionSweeper"/> deletes it (configuration section <c>LogChat:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "LogChat:Retention";

    /// <summary>How long an ended session's row (participants, times, end reason; never an address) is kept.</summary>
    public TimeSpan EndedSessions { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a login token's row is kept after it was last written (issued or revoked): longer than the gateways'
    /// <c>LogChat:Gateway:TokenLifetime</c>, so that only expired tokens are deleted.
    /// </summary>
    public TimeSpan TokenRows { get; set; } = TimeSpan.FromHours(13);

    /// <summary>How often every silo deletes what is past its retention.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
