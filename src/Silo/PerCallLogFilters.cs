using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LogChat.Silo;

/// <summary>
/// Log categories that write lines per call at Information: Polly logs two for every grain placement (Orleans runs
/// placement through a resilience pipeline), more than everything else a silo logs under load. Warning by default;
/// a <c>Logging:LogLevel:Polly</c> setting still wins.
/// </summary>
public static class PerCallLogFilters
{
    private const string Polly = "Polly";

    public static ILoggingBuilder AddPerCallLogFilters(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[$"Logging:LogLevel:{Polly}"] is null ? logging.AddFilter(Polly, LogLevel.Warning) : logging;
    }
}
