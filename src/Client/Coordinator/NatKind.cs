namespace LogChat.Client.Coordinator;

/// <summary>How this machine's address is translated on the way out, as the user states it.</summary>
public enum NatKind
{
    /// <summary>Not determined.</summary>
    Unknown = 0,

    /// <summary>A public address, no translation (also loopback and development).</summary>
    None,

    /// <summary>Full-cone NAT: a mapped port accepts packets from anyone.</summary>
    FullCone,

    /// <summary>Restricted (address or port restricted) cone NAT.</summary>
    Restricted,

    /// <summary>Symmetric NAT: a new mapping per destination.</summary>
    Symmetric,
}
