using System.Net;
using LogChat.Grains;
using LogChat.Silo.Cluster;
using LogChat.Silo.Configuration;
using LogChat.Silo.Database;
using LogChat.Silo.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace LogChat.Silo;

/// <summary>The one silo configuration that gateway silos and headless silos share.</summary>
public static class LogChatSiloBuilderExtensions
{
    /// <summary>The ADO.NET provider invariant of PostgreSQL.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>
    /// Configures a LogChat silo from <paramref name="configuration"/> (sections <c>LogChat:Database</c>,
    /// <c>LogChat:Cluster</c>, <c>LogChat:Cluster:Tls</c> and <c>LogChat:Cluster:Membership</c>, validated at start-up): mutual TLS between silos, cluster membership and grain storage in PostgreSQL through the
    /// Orleans ADO.NET providers, a singleton <see cref="NpgsqlDataSource"/> for the LogChat database, the grains'
    /// services, and the schema migration that runs before the silo starts.
    /// </summary>
    public static ISiloBuilder AddLogChatSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);

        silo.Services.AddLogChatDatabase(configuration);
        silo.Services.AddOptions<ClusterNodeOptions>()
            .Bind(configuration.GetSection(ClusterNodeOptions.SectionName))
            .ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<ClusterNodeOptions>, ClusterNodeOptionsValidator>();
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterNodeOptions>>(ConfigureCluster);
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<ClusterNodeOptions>>(ConfigureEndpoints);
        silo.Services.AddOptions<SiloOptions>().Configure<IOptions<ClusterNodeOptions>>(ConfigureSiloName);
        silo.Services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<ClusterNodeOptions>>(
            (directory, node) => directory.CacheSize = node.Value.DirectoryCacheSize);
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Bind(configuration.GetSection(ClusterNodeOptions.MembershipSectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, MembershipTimingValidator>();

        silo.Services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .Validate(o => o.Timeout > TimeSpan.Zero, $"{ShutdownOptions.SectionName}:Timeout must be positive")
            .ValidateOnStart();
        silo.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);

        silo.AddClusterTls(configuration);

        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationOnStart>();
        silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((clustering, dataSource) =>
        {
            clustering.Invariant = AdoNetInvariant;
            clustering.DataSource = dataSource;
        }));
        silo.AddAdoNetGrainStorage(GrainServiceRegistration.StorageName, options => options.Configure<NpgsqlDataSource>((storage, dataSource) =>
        {
            storage.Invariant = AdoNetInvariant;
            storage.DataSource = dataSource;
        }));

        silo.Services.AddLogChatGrains(configuration);
        return silo;
    }

    /// <summary>
    /// Adds the validated <see cref="DatabaseOptions"/>, the singleton <see cref="NpgsqlDataSource"/> of the LogChat
    /// database and the <see cref="SchemaMigrator"/>; <see cref="AddLogChatSilo"/> calls it, and so does the
    /// <c>migrate</c> command, which runs no silo.
    /// </summary>
    public static IServiceCollection AddLogChatDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(provider =>
            LogChatDataSource.Create(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        services.AddSingleton<SchemaMigrator>();
        return services;
    }

    /// <summary>
    /// Mutual TLS on silo connections when <c>LogChat:Cluster:Tls:CertificatePath</c> is set. Orleans wires TLS into
    /// its connections while the silo is built, so the certificate is read here rather than after start-up; an
    /// unreadable file stops the process naming its key.
    /// </summary>
    private static void AddClusterTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var tls = configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>();
        if (tls is { IsConfigured: true })
        {
            var credentials = ClusterCredentials.Load(tls);
            silo.UseTls(credentials.Certificate, credentials.Apply);
        }
    }

    private static void ConfigureCluster(ClusterOptions cluster, IOptions<ClusterNodeOptions> node)
    {
        cluster.ClusterId = node.Value.ClusterId;
        cluster.ServiceId = node.Value.ServiceId;
    }

    private static void ConfigureEndpoints(EndpointOptions endpoints, IOptions<ClusterNodeOptions> node)
    {
        var options = node.Value;
        endpoints.AdvertisedIPAddress = IPAddress.Parse(options.AdvertisedIP);
        endpoints.SiloPort = options.SiloPort;
        endpoints.GatewayPort = 0;
        endpoints.GatewayListeningEndpoint = null;
        if (options.ListenOnAnyHostAddress)
        {
            endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, options.SiloPort);
        }
    }

    private static void ConfigureSiloName(SiloOptions silo, IOptions<ClusterNodeOptions> node)
    {
        if (!string.IsNullOrWhiteSpace(node.Value.SiloName))
        {
            silo.SiloName = node.Value.SiloName;
        }
    }
}
