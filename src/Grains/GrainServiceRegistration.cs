using LogChat.Grains.Accounts;
using LogChat.Grains.Blocking;
using LogChat.Grains.Presence;
using LogChat.Grains.Relays;
using LogChat.Grains.Retention;
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

    // Orleans collects idle activations once per quantum (one minute) and refuses a shorter collection age.
    private static readonly TimeSpan MinCollectionAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Adds the grains' options (sections <c>LogChat:Sessions</c>, <c>LogChat:Presence</c>, <c>LogChat:Retention</c>,
    /// <c>LogChat:Relays</c>, <c>LogChat:RelayTickets</c> and <c>LogChat:Accounts</c>), their collection ages, their PostgreSQL stores, the
    /// stale-presence and retention sweepers and the silo's grain-directory cache (<see cref="LogChatGrain"/>).
    /// The caller registers a singleton <see cref="Npgsql.NpgsqlDataSource"/> for the LogChat database.
    /// </summary>
    public static IServiceCollection AddLogChatGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>()
            .Bind(configuration.GetSection(SessionOptions.Section))
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.HostReadyTimeout > TimeSpan.Zero && o.ConnectTimeout > TimeSpan.Zero
                    && o.MaxOpenSessionsPerUser > 0 && o.EndReportRevisionWindow >= TimeSpan.Zero,
                $"{SessionOptions.Section}: the timeouts and MaxOpenSessionsPerUser must be positive, EndReportRevisionWindow not negative")
            .Validate(o => o.CollectionAge > MinCollectionAge && o.CollectionAge > o.RequestTimeout && o.CollectionAge > o.HostReadyTimeout && o.CollectionAge > o.ConnectTimeout,
                $"{SessionOptions.Section}:CollectionAge must exceed one minute and every timeout, so that a deadline fires in a live activation")
            .ValidateOnStart();
        services.AddOptions<PresenceOptions>()
            .Bind(configuration.GetSection(PresenceOptions.Section))
            .Validate(o => o.DisconnectGrace >= TimeSpan.Zero && o.RenewInterval > TimeSpan.Zero && o.LeaseDuration > o.RenewInterval && o.SweepInterval > TimeSpan.Zero
                    && o.MaxStreamsPerUser >= 1 && o.CollectionAge > MinCollectionAge,
                $"{PresenceOptions.Section}: LeaseDuration must exceed RenewInterval, all intervals must be positive, MaxStreamsPerUser at least 1 and CollectionAge above one minute")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.EndedSessions > TimeSpan.Zero && o.TokenRows > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero,
                $"{RetentionOptions.Section}: EndedSessions, TokenRows and SweepInterval must be positive")
            .ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<SessionOptions>, IOptions<PresenceOptions>>((collection, sessions, presence) =>
        {
            collection.ClassSpecificCollectionAge[typeof(ChatSessionGrain).FullName!] = sessions.Value.CollectionAge;
            collection.ClassSpecificCollectionAge[typeof(PresenceGrain).FullName!] = presence.Value.CollectionAge;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UserStore>();
        services.AddSingleton<PresenceStore>();
        services.AddSingleton<GrainReferences>();
        services.AddSingleton(provider =>
        {
            var grains = provider.GetRequiredService<GrainReferences>();
            return new PresenceDeadlines(userId => grains.Get<IPresenceGrain>(userId).CheckDeadline().Ignore(), provider.GetRequiredService<TimeProvider>());
        });
        AddRelayRung(services, configuration);
        AddAccountLifecycle(services, configuration);
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddMetrics();
        services.AddSingleton<SessionMetrics>();
        services.AddHostedService<StalePresenceSweeper>();
        services.AddSingleton<RetentionStore>();
        services.AddHostedService<RetentionSweeper>();
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

    // Blocks and account deletion (issue 20), with the name hold validated at start.
    private static void AddAccountLifecycle(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.Section))
            .Validate(o => o.DeletedNameHold > TimeSpan.Zero && o.DeletedNameHold <= AccountOptions.LongestNameHold,
                $"{AccountOptions.Section}:DeletedNameHold (LOGCHAT_LogChat__Accounts__DeletedNameHold) must be positive and at most "
                + $"{AccountOptions.LongestNameHold.TotalDays:0} days, for example 30.00:00:00")
            .ValidateOnStart();
        services.AddSingleton<BlockStore>();
        services.AddSingleton<DeletedAccountStore>();
        services.AddSingleton<AccountDeletion>();
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
