namespace LogChat.Protocol.Peer;

/// <summary>The life of a <see cref="SecureChannel"/>.</summary>
internal enum SecureChannelState
{
    /// <summary>Seals and opens frames.</summary>
    Open,

    /// <summary>A frame failed to open; every key is gone and the channel refuses everything.</summary>
    Failed,

    /// <summary>Disposed; every key is gone.</summary>
    Disposed,
}
