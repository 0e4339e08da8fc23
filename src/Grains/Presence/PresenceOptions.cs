namespace LogChat.Grains.Presence;

/// <summary>Timing of presence (configuration section <c>LogChat:Presence</c>).</summary>
public sealed class PresenceOptions
{
    public const string Section = "LogChat:Presence";

    /// <summary>How long a closed Connect stream may be replaced before the user counts as offline.</summary>
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a connection stays registered without a renewal from its gateway (covers a crashed gateway).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a gateway renews the leases of its connections; well below <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many Connect streams one user may hold at once; one more is refused as RESOURCE_EXHAUSTED.</summary>
    public int MaxStreamsPerUser { get; set; } = 4;

    /// <summary>How often every silo marks offline the users whose gateway has left the cluster.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a presence activation stays in memory with no call. An online user's gateway renews it every few
    /// seconds, so this only bounds how long an offline user's presence (looked up by others) takes memory.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(5);
}
