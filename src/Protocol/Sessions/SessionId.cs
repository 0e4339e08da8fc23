namespace LogChat.Protocol.Sessions;

/// <summary>
/// The coordinator's id of one chat session: one typed value from the client's event stream to the peer handshake,
/// which binds its 16 bytes into the transcript. The client reads it from the coordinator's text form once, at the edge.
/// </summary>
/// <param name="Value">The UUID the coordinator assigned.</param>
public readonly record struct SessionId(Guid Value)
{
    /// <summary>The canonical lowercase "8-4-4-4-12" form, as the coordinator writes it.</summary>
    public override string ToString() => Value.ToString("D");
}
