using System.Net;
using LogChat.Gateway.Accounts;
using LogChat.Gateway.Connections;
using LogChat.Gateway.Health;
using LogChat.Gateway.RateLimiting;
using LogChat.Gateway.Reachability;
using LogChat.Gateway.Telemetry;
using LogChat.Gateway.Rpc;
using LogChat.Silo;
using LogChat.Silo.Admin;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogChat.Gateway.Hosting;

/// <summary>Sets up a gateway silo: the co-hosted LogChat silo plus the gRPC front end.</summary>
public static class GatewayHosting
{
    /// <summary>Configures the silo, Kestrel and the gateway's services from the builder's configuration.</summary>
    public static WebApplicationBuilder AddLogChatGateway(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddLogChatEnvironmentVariables();
        builder.UseOrleans(silo => silo.AddLogChatSilo(builder.Configuration).AddLogChatDashboard(builder.Configuration));

        var gatewaySection = builder.Configuration.GetSection(GatewayOptions.Section);
        var gateway = gatewaySection.Get<GatewayOptions>() ?? new GatewayOptions();
        ValidateListenUrl(gateway);
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, gateway));

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(gatewaySection)
            .Validate(o => o.MaxRequestBytes is >= 1024 and <= 4 * 1024 * 1024, $"{GatewayOptions.Section}:MaxRequestBytes must be 1024-4194304")
            .Validate(o => o.KeepAliveInterval >= TimeSpan.FromSeconds(1) && o.TokenLifetime > TimeSpan.Zero,
                $"{GatewayOptions.Section}: KeepAliveInterval must be at least one second and TokenLifetime positive")
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().Bind(builder.Configuration.GetSection(PasswordHashingOptions.Section))
            .Validate(
                o => o.MemoryKib is >= Argon2idHash.MinMemoryKib and <= Argon2idHash.MaxMemoryKib
                    && o.Iterations is >= 1 and <= Argon2idHash.MaxIterations && o.MaxConcurrentHashes >= 1,
                $"{PasswordHashingOptions.Section}: MemoryKib must be {Argon2idHash.MinMemoryKib}-{Argon2idHash.MaxMemoryKib}, Iterations 1-{Argon2idHash.MaxIterations}, MaxConcurrentHashes positive")
            .ValidateOnStart();
        services.AddOptions<LoginSaltOptions>().Bind(builder.Configuration.GetSection(LoginSaltOptions.Section))
            .Validate(o => o.SecretBytes() is not null,
                $"{LoginSaltOptions.Section}:Secret must be at least {LoginSaltOptions.MinSecretBytes} random bytes in base64, the same on every gateway of the cluster")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.Window > TimeSpan.Zero && o.LoginsPerUsername > 0 && o.LoginsPerAddress > 0 && o.RegistrationsPerAddress > 0 && o.ChatRequestsPerUser > 0,
                $"{RateLimitOptions.Section}: the window and every limit must be positive")
            .ValidateOnStart();

        services.AddOptions<ReachabilityOptions>().Bind(builder.Configuration.GetSection(ReachabilityOptions.Section))
            .Validate(o => o.DialBackTimeout > TimeSpan.Zero && o.ChecksPerUser > 0 && o.ChecksPerAddress > 0
                    && (string.IsNullOrEmpty(o.DialBackSourceAddress) || IPAddress.TryParse(o.DialBackSourceAddress, out _)),
                $"{ReachabilityOptions.Section}: DialBackTimeout and the limits must be positive, DialBackSourceAddress an IP address or empty")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<LoginSalts>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<DialBack>();
        services.AddSingleton<ClientConnectionRegistry>();
        services.AddSingleton<GatewayObserver>();
        services.AddSingleton<GatewayIdentity>();
        services.AddSingleton<ConnectStreamHandler>();
        services.AddHostedService<PresenceLeaseRenewer>();
        services.AddHostedService<KeepAliveTicker>();
        services.AddSingleton<GatewayDrain>();
        services.AddHostedService(provider => provider.GetRequiredService<GatewayDrain>());

        // One service and one interceptor for every call, rather than a pair per call that a Connect stream holds
        // for as long as it is open: both keep nothing per call.
        services.AddSingleton<CoordinatorService>();
        services.AddSingleton<CoordinatorCallInterceptor>();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = gateway.MaxRequestBytes;
            grpc.EnableDetailedErrors = false;
        }).AddServiceOptions<CoordinatorService>(o => o.Interceptors.Add<CoordinatorCallInterceptor>());
        builder.AddLogChatAdmin().AddCheck<DrainingHealthCheck>("draining", tags: [HealthTags.Ready]);
        services.AddGrpcReflection();
        return builder;
    }

    /// <summary>Maps the Coordinator service, gRPC health and reflection.</summary>
    public static WebApplication MapLogChatGateway(this WebApplication app)
    {
        app.MapLogChatAdmin();
        app.MapGrpcService<CoordinatorService>();
        app.MapGrpcReflectionService();

        // Instruments exist from their first use; create the gateway's now so that every scrape shows them.
        app.Services.GetRequiredService<GatewayMetrics>();
        return app;
    }

    private static void ValidateListenUrl(GatewayOptions gateway)
    {
        var url = gateway.ListenUrl;
        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                [$"{GatewayOptions.Section}:ListenUrl {url} is plaintext on a non-loopback address: use https:// with CertificatePath"]);
        }

        if (url.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(gateway.CertificatePath))
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                [$"{GatewayOptions.Section}:ListenUrl is https:// but {GatewayOptions.Section}:CertificatePath is not set"]);
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions),
                [$"{GatewayOptions.Section}:ListenUrl must be an http:// (loopback only) or https:// URL"]);
        }
    }

    private static void Listen(KestrelServerOptions kestrel, GatewayOptions gateway)
    {
        var url = gateway.ListenUrl;
        var address = ListenAddress.Of(url, $"{GatewayOptions.Section}:ListenUrl");
        foreach (var port in gateway.ServedPorts())
        {
            kestrel.Listen(address, port, listen => Serve(listen, gateway));
        }
    }

    private static void Serve(ListenOptions listen, GatewayOptions gateway)
    {
        var url = gateway.ListenUrl;
        {
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(gateway.CertificatePath!, gateway.CertificatePassword);
            }
            else
            {
                listen.Protocols = HttpProtocols.Http2;
            }
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
