using LogChat.Grains.Accounts;
using LogChat.Grains.Presence;
using LogChat.Grains.Relays;
using LogChat.Grains.Sessions;
using LogChat.Grains.Telemetry;
using LogChat.Protocol.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;

namespace LogChat.Grains;

/// <summary>Registers what LogChat's grains need from a silo's container.</summary>
public static class GrainServiceRegistration
{
    /// <summary>The name of the Orleans ADO.NET grain storage provider for state without a seed table.</summary>
    public const string StorageName = "logchat";

    /// <summary>
    /// Adds the grains' options (sections <c>LogChat:Sessions</c>, <c>LogChat:Presence</c>, <c>LogChat:Relays</c> and
    /// <c>LogChat:RelayTickets</c>), their
    /// PostgreSQL stores, the stale-presence sweeper and the silo's grain-directory cache (<see cref="LogChatGrain"/>).
    /// The caller registers a singleton <see cref="Npgsql.NpgsqlDataSource"/> for the LogChat database.
    /// </summary>
    public static IServiceCollection AddLogChatGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>()
            .Bind(configuration.GetSection(SessionOptions.Section))
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.HostReadyTimeout > TimeSpan.Zero && o.EndReportRevisionWindow >= TimeSpan.Zero,
                $"{SessionOptions.Section}: RequestTimeout and HostReadyTimeout must be positive, EndReportRevisionWindow not negative")
            .ValidateOnStart();
        services.AddOptions<PresenceOptions>()
            .Bind(configuration.GetSection(PresenceOptions.Section))
            .Validate(o => o.DisconnectGrace >= TimeSpan.Zero && o.RenewInterval > TimeSpan.Zero && o.LeaseDuration > o.RenewInterval && o.SweepInterval > TimeSpan.Zero
                    && o.MaxStreamsPerUser >= 1,
                $"{PresenceOptions.Section}: LeaseDuration must exceed RenewInterval, all intervals must be positive and MaxStreamsPerUser at least 1")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UserStore>();
        services.AddSingleton<PresenceStore>();
        services.AddSingleton(provider =>
        {
            var grains = provider.GetRequiredService<IGrainFactory>();
            return new PresenceDeadlines(userId => grains.GetGrain<IPresenceGrain>(userId).CheckDeadline().Ignore(), provider.GetRequiredService<TimeProvider>());
        });
        AddRelayRung(services, configuration);
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddMetrics();
        services.AddSingleton<SessionMetrics>();
        services.AddHostedService<StalePresenceSweeper>();
        AddReachableDirectoryCache(services);
        return services;
    }

    // The relays and their ticket keys, validated at start; the keys are needed only once a relay is configured.
    private static void AddRelayRung(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayTicketOptions>().Bind(configuration.GetSection(RelayTicketOptions.Section));
        services.AddOptions<RelaysOptions>().Bind(configuration.GetSection(RelaysOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelaysOptions>, RelaysOptionsValidator>();
        services.AddSingleton(provider =>
        {
            var relays = provider.GetRequiredService<IOptions<RelaysOptions>>().Value;
            return relays.Relays.Count == 0
                ? RelayRung.None
                : new RelayRung(relays.ToServers(), new KeyringTicketIssuer(provider.GetRequiredService<IOptions<RelayTicketOptions>>().Value.ToKeyring()));
        });
    }

    // The silo's grain-directory cache as a service that LogChatGrain can reach: Orleans' own LRU cache, sized by
    // GrainDirectoryOptions as before, registered as the "custom" cache that Orleans then takes from the container.
    private static void AddReachableDirectoryCache(IServiceCollection services)
    {
        services.Configure<GrainDirectoryOptions>(directory => directory.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.Custom);
        services.AddSingleton(provider =>
        {
            var configured = provider.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;
            return GrainDirectoryCacheFactory.CreateGrainDirectoryCache(provider, new GrainDirectoryOptions
            {
                CachingStrategy = GrainDirectoryOptions.CachingStrategyType.LRU,
                CacheSize = configured.CacheSize,
                MaximumCacheTTL = configured.MaximumCacheTTL,
            });
        });
    }
}
