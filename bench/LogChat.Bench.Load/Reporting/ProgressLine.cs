namespace LogChat.Bench.Load.Reporting;

/// <summary>
/// One status line on standard error while a long step runs: rewritten in place on a terminal, one line
/// every few seconds otherwise (a log file), so a long scenario is never silent.
/// </summary>
public sealed class ProgressLine
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    private readonly string _scenario;
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private DateTime _last = DateTime.MinValue;

    public ProgressLine(string scenario) => _scenario = scenario;

    /// <summary>Shows <paramref name="status"/> unless the line was updated a moment ago.</summary>
    public void Report(string status)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (now - _last < (_terminal ? TerminalInterval : LogInterval))
            {
                return;
            }

            _last = now;
            Write(status);
        }
    }

    /// <summary>Shows a step's final status and ends the line.</summary>
    public void Done(string status)
    {
        lock (_gate)
        {
            Write(status);
            if (_terminal)
            {
                Console.Error.WriteLine();
            }

            _last = DateTime.MinValue;
        }
    }

    private void Write(string status)
    {
        var line = $"[{_scenario}] {status}";
        if (_terminal)
        {
            Console.Error.Write("\r" + line.PadRight(Math.Max(line.Length, 100)));
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}
