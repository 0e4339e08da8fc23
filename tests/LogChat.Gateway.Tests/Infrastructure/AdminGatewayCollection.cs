using Xunit;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>
/// The tests of the admin gateway's endpoints, run alone once the other collections are done: OpenTelemetry
/// listens to every meter of the process by name, so an instrument of another gateway host in the same test
/// process (the same names, disposed when its fixture ends) would take over or end the admin gateway's series.
/// One gateway per process, as in production, is what the metrics are checked against.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AdminGatewayCollection : ICollectionFixture<AdminGatewayServer>
{
    public const string Name = "admin gateway";
}
