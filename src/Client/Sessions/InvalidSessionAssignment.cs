using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>A session assignment this client cannot connect with (no valid identity key, an incomplete endpoint...).</summary>
/// <param name="SessionId">The session it was about.</param>
/// <param name="Problem">A sentence for the user saying what was wrong.</param>
public sealed record InvalidSessionAssignment(SessionId SessionId, string Problem) : SessionEvent(SessionId);
