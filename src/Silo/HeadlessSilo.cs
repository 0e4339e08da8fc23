using LogChat.Hosting;
using LogChat.Hosting.Admin;
using LogChat.Silo.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogChat.Silo;

/// <summary>Runs a silo without the gRPC API; with admin endpoints configured it also serves health and metrics.</summary>
internal static class HeadlessSilo
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddLogChatEnvironmentVariables();
        var admin = builder.Configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>();
        if (admin?.ListenUrl is null && admin?.HealthUrl is null)
        {
            await RunWithoutWebServerAsync(args);
            return 0;
        }

        builder.Logging.AddPerCallLogFilters(builder.Configuration);
        builder.UseOrleans(silo => silo.AddLogChatSilo(builder.Configuration).AddLogChatDashboard(builder.Configuration));
        builder.AddLogChatAdmin();
        var app = builder.Build();
        app.MapLogChatAdmin();
        await app.RunAsync();
        return 0;
    }

    /// <summary>Without an admin endpoint there is no web server either, rather than Kestrel listening on its default port.</summary>
    private static async Task RunWithoutWebServerAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddLogChatEnvironmentVariables();
        builder.Logging.AddPerCallLogFilters(builder.Configuration);
        builder.UseOrleans(silo => silo.AddLogChatSilo(builder.Configuration));
        await builder.Build().RunAsync();
    }
}
