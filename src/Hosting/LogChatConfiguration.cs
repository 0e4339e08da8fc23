using Microsoft.Extensions.Configuration;

namespace LogChat.Hosting;

/// <summary>Where LogChat hosts read their settings from, besides appsettings.json.</summary>
public static class LogChatConfiguration
{
    /// <summary>The prefix of LogChat's environment variables: <c>LOGCHAT_LogChat__Database__ConnectionString</c> sets <c>LogChat:Database:ConnectionString</c>.</summary>
    public const string EnvironmentPrefix = "LOGCHAT_";

    /// <summary>Adds the <c>LOGCHAT_</c> environment variables; they win over appsettings and unprefixed variables.</summary>
    public static IConfigurationBuilder AddLogChatEnvironmentVariables(this IConfigurationBuilder configuration) =>
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
}
