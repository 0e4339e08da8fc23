using System.IO.Compression;
using System.Net;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Net.Compression;
using LogChat.Gateway.Accounts;
using LogChat.Gateway.Connections;
using LogChat.Gateway.RateLimiting;
using LogChat.Gateway.Reachability;
using LogChat.Gateway.Telemetry;
using LogChat.Gateway.Rpc;
using LogChat.Gateway.Rpc.Parsing;
using LogChat.Hosting;
using LogChat.Hosting.Admin;
using LogChat.Protocol.Versions;
using LogChat.Gateway.Sessions;
using LogChat.Grains.Retention;
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
        builder.Logging.AddPerCallLogFilters(builder.Configuration);
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
            .Validate(o => ClientVersion.TryParse(o.MinimumClientVersion) is not null && o.MinimumProtocolVersion is >= 1 and <= CoordinatorProtocol.Version,
                $"{GatewayOptions.Section}: MinimumClientVersion must be MAJOR.MINOR.PATCH and MinimumProtocolVersion 1-{CoordinatorProtocol.Version} (this gateway serves no newer protocol)")
            .Validate<IOptions<RetentionOptions>>((o, retention) => retention.Value.TokenRows > o.TokenLifetime,
                $"{RetentionOptions.Section}:TokenRows must exceed {GatewayOptions.Section}:TokenLifetime: only expired tokens may be deleted")
            .ValidateOnStart();
        services.AddOptions<PasswordHashingOptions>().Bind(builder.Configuration.GetSection(PasswordHashingOptions.Section))
            .Validate(
                o => o.MemoryKib is >= Argon2idHash.MinMemoryKib and <= Argon2idHash.MaxMemoryKib
                    && o.Iterations is >= 1 and <= Argon2idHash.MaxIterations && o.MaxConcurrentHashes >= 1 && o.MaxQueuedHashes >= 1,
                $"{PasswordHashingOptions.Section}: MemoryKib must be {Argon2idHash.MinMemoryKib}-{Argon2idHash.MaxMemoryKib}, Iterations 1-{Argon2idHash.MaxIterations}, MaxConcurrentHashes and MaxQueuedHashes positive")
            .ValidateOnStart();
        services.AddOptions<LoginSaltOptions>().Bind(builder.Configuration.GetSection(LoginSaltOptions.Section))
            .Validate(o => o.SecretBytes() is not null,
                $"{LoginSaltOptions.Section}:Secret must be at least {LoginSaltOptions.MinSecretBytes} random bytes in base64, the same on every gateway of the cluster")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.Window >= TimeSpan.FromSeconds(1) && o.SyncInterval > TimeSpan.Zero && o.SyncInterval <= o.Window
                    && o.CallsPerUser > 0 && o.CallsPerAddress > 0 && o.LoginsPerAddress > 0 && o.RegistrationsPerAddress > 0 && o.ChatRequestsPerUser > 0
                    && o.UserLookupsPerUser > 0 && o.LoginFreeFailures >= 0 && o.LoginBackoffBase > TimeSpan.Zero && o.LoginBackoffMax >= o.LoginBackoffBase,
                $"{RateLimitOptions.Section}: the Window (at least a second), SyncInterval (at most the Window) and every limit must be positive, LoginBackoffMax at least LoginBackoffBase")
            .ValidateOnStart();

        services.AddOptions<ReachabilityOptions>().Bind(builder.Configuration.GetSection(ReachabilityOptions.Section))
            .Validate(o => o.DialBackTimeout > TimeSpan.Zero && o.ChecksPerUser > 0 && o.ChecksPerAddress > 0
                    && (string.IsNullOrEmpty(o.DialBackSourceAddress) || IPAddress.TryParse(o.DialBackSourceAddress, out _)),
                $"{ReachabilityOptions.Section}: DialBackTimeout and the limits must be positive, DialBackSourceAddress an IP address or empty")
            .ValidateOnStart();
        services.AddOptions<SessionIdOptions>().Bind(builder.Configuration.GetSection(SessionIdOptions.Section))
            .Validate(o => SessionIdOptions.Decode(o.Key) is not null && (string.IsNullOrEmpty(o.PreviousKey) || SessionIdOptions.Decode(o.PreviousKey) is not null),
                $"{SessionIdOptions.Section}: Key (and PreviousKey, if set) must be base64 of at least {SessionIdOptions.MinKeyBytes} random bytes, the same on every gateway of the cluster")
            .ValidateOnStart();
        services.AddSingleton<SessionIdAuthenticator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<ClusterQuotaCounters>();
        services.AddHostedService<QuotaSync>();
        services.AddSingleton<LoginSalts>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<LoginBackoff>();
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
        services.AddSingleton<CoordinatorEndpoint>();
        services.AddSingleton<CoordinatorCallInterceptor>();
        services.AddSingleton<UnparseableRequests>();
        services.AddSingleton<IServiceMethodProvider<CoordinatorEndpoint>, StrictCoordinatorMethods>();
        services.AddSingleton<AddressQuotaInterceptor>();
        services.AddSingleton<MinimumVersionInterceptor>();
        services.AddSingleton<UserQuotaInterceptor>();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = gateway.MaxRequestBytes;
            grpc.EnableDetailedErrors = false;
        }).AddServiceOptions<CoordinatorEndpoint>(o =>
        {
            // Outermost first: the address quota before anything else, the client's version before authentication (an
            // old client is told to upgrade, not that its login failed), the user quota once the caller is known.
            o.Interceptors.Add<AddressQuotaInterceptor>();
            o.Interceptors.Add<MinimumVersionInterceptor>();
            o.Interceptors.Add<CoordinatorCallInterceptor>();
            o.Interceptors.Add<UserQuotaInterceptor>();
        });
        services.AddOptions<GrpcServiceOptions>().Configure<UnparseableRequests>((grpc, unparseable) => grpc.CompressionProviders =
        [
            new BoundedDecompression(new GzipCompressionProvider(CompressionLevel.Fastest), gateway.MaxRequestBytes, unparseable),
            new BoundedDecompression(new DeflateCompressionProvider(CompressionLevel.Fastest), gateway.MaxRequestBytes, unparseable),
        ]);
        builder.AddLogChatAdmin().AddDrainingCheck<GatewayDrain>();
        if (gateway.Reflection)
        {
            services.AddGrpcReflection();
        }

        return builder;
    }

    /// <summary>Maps the Coordinator service, gRPC health and, when configured, reflection.</summary>
    public static WebApplication MapLogChatGateway(this WebApplication app)
    {
        app.MapLogChatAdmin();
        app.UseMiddleware<FrameHeaderGate>();
        app.MapGrpcService<CoordinatorEndpoint>();
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Reflection)
        {
            app.MapGrpcReflectionService();
        }

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
