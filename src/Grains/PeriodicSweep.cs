using Microsoft.Extensions.Hosting;

namespace LogChat.Grains;

/// <summary>A silo's background job that sweeps once at start and then every <paramref name="interval"/> until the silo stops.</summary>
public abstract class PeriodicSweep(TimeSpan interval, TimeProvider clock) : BackgroundService
{
    /// <summary>The clock the sweeps run by.</summary>
    protected TimeProvider Clock { get; } = clock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        do
        {
            await SweepAsync();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep; a failure it can retry on the next interval it logs rather than throws.</summary>
    protected abstract Task SweepAsync();
}
