namespace LogChat.Gateway.Connections;

/// <summary>
/// Serves every Connect stream this gateway holds once per interval, a fixed slice of them (by connection id) per
/// tick, <see cref="Slices"/> ticks per interval, so that periodic work over many streams is spread over the interval
/// rather than done all at once. One timer serves every stream, rather than a timer and a cancellation source per
/// stream, so an idle client costs nothing but its stream between ticks.
/// </summary>
public static class SlicedTicker
{
    /// <summary>How many slices the streams are spread over.</summary>
    public const int Slices = 16;

    /// <summary>
    /// Hands <paramref name="serveSlice"/> the streams of the next slice every <paramref name="interval"/> / <see cref="Slices"/>
    /// until <paramref name="stoppingToken"/> is cancelled, then returns. A stream stays in its slice, so it is served
    /// once per interval, an interval apart.
    /// </summary>
    public static async Task RunAsync(
        ClientConnectionRegistry streams,
        TimeSpan interval,
        TimeProvider clock,
        Action<IEnumerable<ClientConnection>> serveSlice,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval / Slices, clock);
        var slice = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                serveSlice(InSlice(streams, slice));
                slice = (slice + 1) % Slices;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway is stopping.
        }
    }

    private static IEnumerable<ClientConnection> InSlice(ClientConnectionRegistry streams, int slice) =>
        streams.All.Where(stream => (int)((uint)stream.ConnectionId.GetHashCode() % Slices) == slice);
}
