namespace LogChat.Grains.Sessions;

/// <summary>The public address and port a gateway observed a participant's punch port at.</summary>
[GenerateSerializer, Immutable]
public sealed record PunchEndpoint([property: Id(0)] string Address, [property: Id(1)] int Port);
