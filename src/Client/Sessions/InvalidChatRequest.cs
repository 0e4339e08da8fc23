using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>A chat request this client cannot answer with an accept (no valid identity key, a malformed user id...): it is declined.</summary>
/// <param name="SessionId">The session the request opened.</param>
/// <param name="Problem">A sentence for the user saying what was wrong.</param>
public sealed record InvalidChatRequest(SessionId SessionId, string Problem) : SessionEvent(SessionId);
