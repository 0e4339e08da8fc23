namespace LogChat.Lab.Tests.Network;

/// <summary>A client site to build: its name (short: it names namespaces), its kind and how many clients it has.</summary>
public sealed record LabSiteSpec(string Name, SiteKind Kind, int Clients = 1);
