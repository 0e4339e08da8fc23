using LogChat.Protocol.Sessions;

namespace LogChat.Client.Sessions;

/// <summary>
/// What the coordinator tells this user about a chat session, in the client's own terms: a <see cref="ChatRequest"/>,
/// a <see cref="SessionAssignment"/>, a <see cref="SessionEndedNotice"/>, or an event about a session that was refused
/// at the edge because it cannot be acted on (<see cref="InvalidChatRequest"/>, <see cref="InvalidSessionAssignment"/>).
/// </summary>
/// <param name="SessionId">The session the event is about.</param>
public abstract record SessionEvent(SessionId SessionId);
