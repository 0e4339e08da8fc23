using LogChat.Grains.Accounts;

namespace LogChat.Grains.Sessions;

/// <summary>
/// A session's metadata, as the <c>sessions</c> row holds it: everything the session needs to resume after its grain
/// is reactivated (no message content exists here).
/// </summary>
[GenerateSerializer]
public sealed record SessionRecord(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Participant Initiator,
    [property: Id(2)] Participant Responder,
    [property: Id(3)] SessionState State,
    [property: Id(4)] DateTimeOffset StartedAt)
{
    /// <summary>The participant who hosts the peer connection, from acceptance on.</summary>
    [Id(5)]
    public Guid? HostId { get; init; }

    [Id(6)]
    public DateTimeOffset? AcceptedAt { get; init; }

    [Id(7)]
    public DateTimeOffset? HostReadyAt { get; init; }

    /// <summary>How the peers connect, chosen with the host.</summary>
    [Id(11)]
    public ConnectionPath Path { get; init; }

    /// <summary>When a participant first reported the peer connection up.</summary>
    [Id(12)]
    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>
    /// Where the host accepts and the certificate to pin, from HostReady until the session ends (in a punched session:
    /// the host's observed punch endpoint, from its ReportPunchReady; in a relayed one: the relay's endpoint).
    /// </summary>
    [Id(8)]
    public HostEndpoint? HostEndpoint { get; init; }

    /// <summary>
    /// The host's own interface addresses, for a dialler behind the same public address (one LAN) to try first; empty
    /// for peers on different networks.
    /// </summary>
    [Id(14)]
    public IReadOnlyList<string> HostLanAddresses { get; init; } = [];

    /// <summary>Where a gateway observed the dialler's punch port, in a punched session until it ends.</summary>
    [Id(13)]
    public PunchEndpoint? DialerPunch { get; init; }

    /// <summary>The relay of a relayed session, from the moment both sides were sent tickets (kept after it ended).</summary>
    [Id(15)]
    public string? RelayId { get; init; }

    /// <summary>When the relay tickets expire; tickets are issued again from it on replay, never stored.</summary>
    [Id(16)]
    public DateTimeOffset? RelayExpiresAt { get; init; }

    [Id(9)]
    public DateTimeOffset? EndedAt { get; init; }

    [Id(10)]
    public SessionEndReason? EndReason { get; init; }

    /// <summary>The participant with <paramref name="userId"/>, or null for anyone else.</summary>
    public Participant? ParticipantOf(Guid userId) =>
        Initiator.UserId == userId ? Initiator : Responder.UserId == userId ? Responder : null;

    /// <summary>The other participant.</summary>
    public Participant PeerOf(Guid userId) => Initiator.UserId == userId ? Responder : Initiator;
}
