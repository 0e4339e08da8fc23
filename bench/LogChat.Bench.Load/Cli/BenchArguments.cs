using System.Globalization;

namespace LogChat.Bench.Load.Cli;

/// <summary>The load generator's command line: a command, then <c>--name value</c> pairs.</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchArguments(string command, Dictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    /// <summary>The scenario or step to run (the first argument).</summary>
    public string Command { get; }

    public static BenchArguments Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("the first argument names the scenario to run");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new BenchArguments(args[0], values);
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Number(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string name, double fallback) =>
        TimeSpan.FromSeconds(_values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback);

    public IReadOnlyList<int> Numbers(string name, string fallback) =>
        Text(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();

    private static readonly HashSet<string> Plumbing = ["gateway", "metrics", "gateway-pid", "users-file", "results", "relay", "relay-metrics", "relay-pid"];

    /// <summary>The arguments that shape a run (not where things are), for the record of it.</summary>
    public string Describe() => string.Join(' ', _values.Where(kv => !Plumbing.Contains(kv.Key)).Select(kv => $"--{kv.Key} {kv.Value}"));
}
