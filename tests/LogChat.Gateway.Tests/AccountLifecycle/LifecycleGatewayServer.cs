using LogChat.Gateway.Tests.Infrastructure;
using Xunit;

namespace LogChat.Gateway.Tests.AccountLifecycle;

/// <summary>
/// A gateway whose users may ask for three chats an hour (long enough that no window ends during a test), so that a test
/// sees blocked requests count against the limit.
/// </summary>
public sealed class LifecycleGatewayServer : GatewayServer
{
    public const int ChatRequestsPerUser = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides() =>
    [
        new("LogChat:RateLimits:ChatRequestsPerUser", ChatRequestsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("LogChat:RateLimits:Window", "01:00:00"),
    ];
}

/// <summary>The blocking and account deletion tests, sharing one <see cref="LifecycleGatewayServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LifecycleGatewayCollection : ICollectionFixture<LifecycleGatewayServer>
{
    public const string Name = "account lifecycle gateway";
}
