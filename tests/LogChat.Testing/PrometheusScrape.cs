using System.Globalization;

namespace LogChat.Testing;

/// <summary>Reads one metric from a LogChat process's Prometheus endpoint.</summary>
public static class PrometheusScrape
{
    /// <summary>
    /// The current value of the samples named <paramref name="metric"/> on <paramref name="adminAddress"/>'s
    /// <c>/metrics</c>, summed over their labels; with <paramref name="label"/> (e.g. <c>reason="bad_mac"</c>) only
    /// the samples carrying it. 0 when there is none.
    /// </summary>
    public static async Task<double> ValueAsync(Uri adminAddress, string metric, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(adminAddress, "/metrics"));
        return text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && (line[metric.Length] is ' ' or '{'))
            .Where(line => label is null || line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
