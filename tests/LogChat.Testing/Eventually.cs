using System.Diagnostics;

namespace LogChat.Testing;

/// <summary>Waits for a condition by polling it until a deadline, so tests never depend on fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>How long a wait lasts unless a test says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> if it does not in time.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}, in vain.");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>The synchronous-condition form of <see cref="TrueAsync(Func{Task{bool}}, string, TimeSpan?)"/>.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), what, timeout);
    }
}
