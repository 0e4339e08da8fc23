using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LogChat.Client.Tests.Coordinator;

/// <summary>
/// Counts this process's open HTTP client connections per server port, from .NET's own
/// <c>http.client.open_connections</c> metric: a connection leaves the count once the client has closed it, so a test
/// can wait until the client itself, not only the server, is done with a connection. Start it before the connections.
/// </summary>
internal sealed class OpenHttpConnections : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<int, long> _byPort = new();

    public OpenHttpConnections()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.open_connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, change, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port)
                {
                    _byPort.AddOrUpdate(port, change, (_, open) => open + change);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Connections open to <paramref name="port"/> on 127.0.0.1 (or any host) right now.</summary>
    public long To(int port) => _byPort.GetValueOrDefault(port);

    public void Dispose() => _listener.Dispose();
}
