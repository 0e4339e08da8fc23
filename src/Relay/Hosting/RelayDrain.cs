using LogChat.Protocol.Relay;
using LogChat.Relay.Pairing;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Hosting;

/// <summary>
/// Graceful shutdown: once the host begins stopping (SIGTERM), the relay reports not ready, refuses new
/// connections and waiting sides with <c>draining</c>, and lets running pairs go on for up to
/// <see cref="RelayOptions.DrainTimeout"/> before it closes them. Kestrel waits for the pairs meanwhile.
/// </summary>
internal sealed partial class RelayDrain(
    RelaySessions sessions,
    IHostApplicationLifetime lifetime,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<RelayDrain> logger) : IHostedService
{
    private Task _closing = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before any hosted service stops, Kestrel included.
        lifetime.ApplicationStopping.Register(Drain);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _closing.WaitAsync(cancellationToken);

    private void Drain()
    {
        var waiting = sessions.Drain();
        foreach (var session in waiting)
        {
            session.Answer.TrySetResult(RelayRefusal.Draining);
        }

        LogDraining(waiting.Count, sessions.ActivePairs, options.Value.DrainTimeout.TotalSeconds);
        _closing = CloseRunningPairsAsync();
    }

    private async Task CloseRunningPairsAsync()
    {
        if (sessions.ActivePairs > 0)
        {
            await Task.Delay(options.Value.DrainTimeout, time).ConfigureAwait(false);
        }

        foreach (var pair in sessions.RunningPairs())
        {
            pair.End(PairEnd.Draining);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: refused {Waiting} waiting sides; {Pairs} pairs may run for up to {Seconds} s")]
    private partial void LogDraining(int waiting, int pairs, double seconds);
}
