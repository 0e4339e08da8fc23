using LogChat.Hosting;
using LogChat.Silo.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LogChat.Silo;

/// <summary><c>LogChat.Silo migrate</c>: applies the pending schema scripts to the configured database and exits.</summary>
internal static class MigrateCommand
{
    /// <returns>The process exit code: 0 when the schema is current, 1 with a message on standard error otherwise.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddLogChatEnvironmentVariables();
        builder.Services.AddLogChatDatabase(builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
            return 0;
        }
        catch (Exception e) when (e is OptionsValidationException or NpgsqlException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"migrate: {e.Message}");
            return 1;
        }
    }
}
