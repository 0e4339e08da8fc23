using System.Globalization;
using System.Text;

namespace LogChat.Bench.Load.Reporting;

/// <summary>One scenario's result as Markdown: what ran, one table, and notes; printed and written to the results folder.</summary>
public sealed class ResultReport(string scenario, string title)
{
    private readonly List<string> _setup = [];
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];
    private string[] _header = [];

    public void Setup(string line) => _setup.Add(line);

    public void Columns(params string[] header) => _header = header;

    public void Row(params string[] cells) => _rows.Add(cells);

    public void Note(string line) => _notes.Add(line);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {scenario}: {title}");
        text.AppendLine();
        foreach (var line in _setup)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", _header) + " |");
        text.AppendLine("|" + string.Concat(_header.Select(_ => "---|")));
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine(note);
            }
        }

        return text.ToString();
    }

    /// <summary>Prints the report and writes it to <c>FOLDER/DATE-SCENARIO.md</c> (the latest run of a day wins).</summary>
    public async Task PublishAsync(string folder, CancellationToken cancellationToken)
    {
        var markdown = ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(folder);
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var path = Path.Combine(folder, $"{date}-{scenario}.md");
        var header = $"<!-- written by bench/bench.sh at {DateTime.UtcNow:u}; commit {Environment.GetEnvironmentVariable("LOGCHAT_BENCH_COMMIT") ?? "unknown"} -->\n";
        await File.WriteAllTextAsync(path, header + markdown, cancellationToken);
        Console.Error.WriteLine($"written to {path}");
    }
}
