using Xunit;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>The tests that share the gateway with a relay configured.</summary>
[CollectionDefinition(Name)]
public sealed class RelayGatewayCollection : ICollectionFixture<RelayGatewayServer>
{
    public const string Name = "relay gateway";
}
