using Xunit;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>The tests that share one gateway.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayServer>
{
    public const string Name = "gateway";
}
