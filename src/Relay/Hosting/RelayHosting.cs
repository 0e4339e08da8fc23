using System.Net;
using LogChat.Hosting;
using LogChat.Hosting.Admin;
using LogChat.Protocol.Relay;
using LogChat.Relay.Connections;
using LogChat.Relay.Forwarding;
using LogChat.Relay.Pairing;
using LogChat.Relay.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Hosting;

/// <summary>Sets up a relay process: the relay port (a connection handler, no HTTP) and the admin endpoints.</summary>
public static class RelayHosting
{
    // Beyond the drain: Kestrel needs a moment to close the connections of the pairs the drain ended.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Configures the relay from the builder's configuration; bad settings stop the start with their key named. With
    /// <see cref="RelayOptions.Peers"/>, it also listens on the forward port for the sides its peers pass on.
    /// </summary>
    public static WebApplicationBuilder AddLogChatRelay(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddLogChatEnvironmentVariables();
        var section = builder.Configuration.GetSection(RelayOptions.Section);
        var services = builder.Services;
        services.AddOptions<RelayOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();
        services.AddOptions<RelayTicketOptions>().Bind(builder.Configuration.GetSection(RelayTicketOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayTicketOptions>, RelayTicketOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<RelayTicketOptions>>().Value.ToKeyring());
        services.AddOptions<HostOptions>().Configure<IOptions<RelayOptions>>(
            (host, relay) => host.ShutdownTimeout = relay.Value.DrainTimeout + ShutdownMargin);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<RelayMetrics>();
        services.AddSingleton<RelaySessions>();
        services.AddSingleton<AddressLimiter>();
        services.AddSingleton<RelayPeers>();
        services.AddHostedService(provider => provider.GetRequiredService<RelayPeers>());
        services.AddSingleton<SessionForwarder>();
        services.AddSingleton<RelayConnectionHandler>();
        services.AddHostedService<RelayDrain>();

        var relay = section.Get<RelayOptions>() ?? new RelayOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (IPAddress.TryParse(relay.ListenAddress, out var address) && relay.Port is > 0 and <= IPEndPoint.MaxPort)
            {
                kestrel.Listen(address, relay.Port, listen => listen.UseConnectionHandler<RelayConnectionHandler>());
                if (relay.Peers.Length > 0 && relay.ForwardPort is > 0 and <= IPEndPoint.MaxPort)
                {
                    kestrel.Listen(address, relay.ForwardPort, listen => listen.UseConnectionHandler<ForwardedConnectionHandler>());
                }
            }
        });
        builder.AddAdminEndpoints(RelayMetrics.MeterName)
            .AddCheck<SessionTableHealthCheck>("sessions", tags: [HealthTags.Live, HealthTags.Ready])
            .AddDrainingCheck<RelaySessions>();
        return builder;
    }

    /// <summary>Maps the admin endpoints (the relay port needs no mapping: it is not HTTP).</summary>
    public static WebApplication MapLogChatRelay(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAdminEndpoints();

        // Instruments exist from their first use; create the relay's now so that every scrape shows them.
        app.Services.GetRequiredService<RelayMetrics>();
        return app;
    }
}
