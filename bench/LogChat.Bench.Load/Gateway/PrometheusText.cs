using System.Globalization;

namespace LogChat.Bench.Load.Gateway;

/// <summary>A scrape of a Prometheus text endpoint: sample values by metric name, all label sets summed.</summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);

    public static async Task<PrometheusText> ReadAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(endpoint, cancellationToken);
        var scrape = new PrometheusText();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            var valueStart = line.LastIndexOf('}') is var brace and >= 0 ? brace + 2 : nameEnd + 1;
            var value = line[valueStart..].Split(' ')[0];
            if (nameEnd > 0 && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                var name = line[..nameEnd];
                scrape._sums[name] = scrape._sums.GetValueOrDefault(name) + number;
            }
        }

        return scrape;
    }

    /// <summary>The sum over all label sets of <paramref name="name"/>, or NaN when the endpoint does not export it.</summary>
    public double Sum(string name) => _sums.TryGetValue(name, out var value) ? value : double.NaN;
}
