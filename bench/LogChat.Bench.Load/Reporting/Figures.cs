using System.Globalization;

namespace LogChat.Bench.Load.Reporting;

/// <summary>How numbers appear in the result tables.</summary>
public static class Figures
{
    public static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString(milliseconds < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string KiB(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The middle value (the upper one of an even count).</summary>
    public static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);

    /// <summary>Megabytes per second of <paramref name="messagesPerSecond"/> messages of <paramref name="size"/> bytes.</summary>
    public static string Megabytes(double messagesPerSecond, int size) => Number(messagesPerSecond * size / 1_000_000, "0.0");

    /// <summary>"met" or "MISSED", for the target column.</summary>
    public static string Verdict(bool met) => met ? "met" : "MISSED";
}
