namespace LogChat.Grains.Sessions;

/// <summary>Where sessions are kept: the seed table <c>sessions</c>, the system of record for them.</summary>
public interface ISessionStore
{
    /// <summary>Inserts a new row; false when a row with its id exists already (and is left as it was).</summary>
    Task<bool> TryInsertAsync(SessionRecord session);

    /// <summary>Writes the session's progress into its row; false when the row is gone (or is another session's).</summary>
    Task<bool> TryUpdateAsync(SessionRecord session);

    /// <summary>How many sessions that have not ended each of two users takes part in, in one read.</summary>
    Task<(int First, int Second)> OpenSessionCountsAsync(Guid first, Guid second);

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
