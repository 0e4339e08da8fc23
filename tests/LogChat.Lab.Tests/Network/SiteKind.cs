namespace LogChat.Lab.Tests.Network;

/// <summary>How a client site reaches the lab's internet.</summary>
public enum SiteKind
{
    /// <summary>The client sits on the internet itself, with a public address.</summary>
    Public,

    /// <summary>A router that masquerades and forwards one port (<see cref="NetworkLab.ForwardedPort"/>) to its client.</summary>
    Forwarded,

    /// <summary>A home router: masquerade that keeps the source port where it can; unsolicited inbound is dropped.</summary>
    Cone,

    /// <summary>A router that maps every connection to a random public port (symmetric NAT); unsolicited inbound is dropped.</summary>
    Symmetric,
}
