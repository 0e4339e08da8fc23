using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LogChat.Gateway.Tests.Infrastructure;

/// <summary>A log provider that keeps every entry the gateway's log filters let through, for tests that assert on the log.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>One log entry: its category, level, message and whether it carried an exception.</summary>
    public sealed record Entry(string Category, LogLevel Level, string Message, bool HasException)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(HasException ? " (with exception)" : string.Empty)}";
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception is not null));
    }
}
