using System.Globalization;

namespace LogChat.Bench.Load.Gateway;

/// <summary>A scrape of a Prometheus text endpoint: sample values by metric name, summed over label sets.</summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

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
            var brace = line.LastIndexOf('}');
            var valueStart = brace >= 0 ? brace + 2 : nameEnd + 1;
            var value = line[valueStart..].Split(' ')[0];
            if (nameEnd > 0 && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                scrape._samples.Add((line[..nameEnd], brace >= 0 ? line[nameEnd..(brace + 1)] : string.Empty, number));
            }
        }

        return scrape;
    }

    /// <summary>
    /// The sum of <paramref name="name"/> over the label sets that contain <paramref name="label"/> (for example
    /// <c>grain_type="token"</c>; all of them when null), or NaN when the endpoint exports no such sample.
    /// </summary>
    public double Sum(string name, string? label = null)
    {
        var matching = _samples.Where(s => s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal))).ToList();
        return matching.Count == 0 ? double.NaN : matching.Sum(s => s.Value);
    }
}
