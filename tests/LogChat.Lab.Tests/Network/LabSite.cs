using System.Net;

namespace LogChat.Lab.Tests.Network;

/// <summary>A client site as built: its public address and its clients.</summary>
/// <param name="Name">The site's name.</param>
/// <param name="Kind">How it reaches the internet.</param>
/// <param name="PublicAddress">The address the internet sees: the client's own (public) or its router's.</param>
/// <param name="Clients">Its client machines.</param>
public sealed record LabSite(string Name, SiteKind Kind, IPAddress PublicAddress, IReadOnlyList<LabHost> Clients);
