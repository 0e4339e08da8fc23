using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>The coordinator says a session of this user ended.</summary>
/// <param name="SessionId">The session that ended.</param>
/// <param name="Reason">Why, or <see cref="SessionEndReason.Unspecified"/> when the coordinator gave no reason this client knows.</param>
/// <param name="Detail">The coordinator's sentence about it; may be empty.</param>
public sealed record SessionEndedNotice(SessionId SessionId, SessionEndReason Reason, string Detail) : SessionEvent(SessionId);
