using System.Threading.Channels;
using LogChat.Gateway.Connections;
using LogChat.Grains.Auth;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LogChat.Gateway.Tests.Connections;

public sealed class SlicedTickerTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(16);
    private static readonly TimeSpan Tick = Interval / SlicedTicker.Slices;

    private readonly FakeTimeProvider _clock = new();
    private readonly ClientConnectionRegistry _registry = new();
    private readonly List<CancellationTokenSource> _streamAborts = [];
    private readonly Channel<Guid[]> _servedSlices = Channel.CreateUnbounded<Guid[]>();
    private readonly CancellationTokenSource _stopping = new();

    [Fact]
    public async Task Every_stream_is_served_once_per_interval_one_slice_per_tick_in_the_same_order_each_interval()
    {
        var streams = AddStreams(200);
        var ticker = Start();

        var firstInterval = await ServeOneIntervalAsync();
        var secondInterval = await ServeOneIntervalAsync();

        Assert.Equal(streams.Order(), firstInterval.SelectMany(slice => slice).Order());
        Assert.All(firstInterval, slice => Assert.True(slice.Length < streams.Count, "a tick serves one slice, not every stream"));
        Assert.Equal(firstInterval.Select(slice => slice.Order()), secondInterval.Select(slice => slice.Order()));
        await StopAsync(ticker);
    }

    [Fact]
    public async Task A_stream_that_connects_is_served_within_the_next_interval_and_one_that_leaves_is_not()
    {
        var leaving = AddStreams(50);
        var ticker = Start();
        await ServeOneIntervalAsync();

        var joined = AddStreams(50);
        foreach (var id in leaving)
        {
            _registry.Remove(id);
        }

        var served = (await ServeOneIntervalAsync()).SelectMany(slice => slice);

        Assert.Equal(joined.Order(), served.Order());
        await StopAsync(ticker);
    }

    [Fact]
    public async Task Nothing_is_served_before_the_first_tick_and_the_run_ends_when_stopped()
    {
        AddStreams(10);
        var ticker = Start();
        _clock.Advance(Tick - TimeSpan.FromMilliseconds(1));

        await StopAsync(ticker);

        Assert.False(_servedSlices.Reader.TryRead(out _), "a slice was served before the first tick");
    }

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var abort in _streamAborts)
        {
            abort.Dispose();
        }
    }

    private List<Guid> AddStreams(int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var abort = new CancellationTokenSource();
            _streamAborts.Add(abort);
            var stream = new ClientConnection(Guid.NewGuid(), Guid.NewGuid(), new StreamToken(Guid.NewGuid(), DateTimeOffset.MaxValue), abort);
            _registry.Add(stream);
            ids.Add(stream.ConnectionId);
        }

        return ids;
    }

    private Task Start() =>
        SlicedTicker.RunAsync(
            _registry,
            Interval,
            _clock,
            slice => _servedSlices.Writer.TryWrite(slice.Select(stream => stream.ConnectionId).ToArray()),
            _stopping.Token);

    // One tick at a time: the ticker keeps at most one pending tick, so advancing twice before it served the first
    // would merge two ticks into one.
    private async Task<List<Guid[]>> ServeOneIntervalAsync()
    {
        var slices = new List<Guid[]>();
        for (var tick = 0; tick < SlicedTicker.Slices; tick++)
        {
            _clock.Advance(Tick);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            slices.Add(await _servedSlices.Reader.ReadAsync(timeout.Token));
        }

        Assert.False(_servedSlices.Reader.TryRead(out _), "more slices were served than ticks passed");
        return slices;
    }

    private async Task StopAsync(Task ticker)
    {
        await _stopping.CancelAsync();
        await ticker.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
