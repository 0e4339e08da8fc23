using LogChat.Client.Sessions;

namespace LogChat.Client.Peer;

/// <summary>How and why a conversation ended.</summary>
/// <param name="Reason">The reason reported to the coordinator.</param>
/// <param name="Detail">A sentence for the user; never a secret and never message content.</param>
public sealed record ConversationEnd(SessionEndReason Reason, string Detail)
{
    /// <summary>Whether this is the normal end of a chat (either side left).</summary>
    public bool IsNormal => Reason == SessionEndReason.Completed;
}
