namespace LogChat.Grains.Sessions;

/// <summary>Where sessions are kept: the seed table <c>sessions</c>, the system of record for them.</summary>
public interface ISessionStore
{
    /// <summary>Inserts or updates the whole row.</summary>
    Task SaveAsync(SessionRecord session);

    /// <summary>The stored session with both participants, or null.</summary>
    Task<SessionRecord?> LoadAsync(Guid sessionId);

    /// <summary>The ids of the sessions <paramref name="userId"/> takes part in that have not ended.</summary>
    Task<IReadOnlyList<Guid>> OpenSessionsOfAsync(Guid userId);

    /// <summary>
    /// The ids of the sessions <paramref name="userId"/> takes part in that have neither ended nor connected: the only
    /// ones that may still wait for this user to act.
    /// </summary>
    Task<IReadOnlyList<Guid>> UnconnectedSessionsOfAsync(Guid userId);

    /// <summary>The ids of the sessions between <paramref name="first"/> and <paramref name="second"/> (either side) that have not ended.</summary>
    Task<IReadOnlyList<Guid>> OpenSessionsBetweenAsync(Guid first, Guid second);

    /// <summary>The open sessions with a participant whose <c>user_presence</c> row says offline, with that participant.</summary>
    Task<IReadOnlyList<(Guid SessionId, Guid OfflineUserId)>> FindOpenWithOfflineParticipantAsync();
}
