namespace LogChat.Client.Coordinator;

/// <summary>How this machine's address is translated on the way out, as the coordinator measured it.</summary>
public enum NatKind
{
    /// <summary>Not determined.</summary>
    Unknown = 0,

    /// <summary>A public address, no translation, and reachable.</summary>
    None,

    /// <summary>Reachable through a NAT: a forwarded port or a full-cone NAT.</summary>
    FullCone,

    /// <summary>A NAT that keeps one public port per local port (punchable) but lets nobody in unasked.</summary>
    Restricted,

    /// <summary>Symmetric NAT: a new public port per destination.</summary>
    Symmetric,
}
