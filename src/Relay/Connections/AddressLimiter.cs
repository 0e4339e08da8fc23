using System.Net;
using System.Net.Sockets;
using LogChat.Relay.Hosting;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Connections;

/// <summary>
/// Counts open relay connections per source: one IPv4 address, or one IPv6 /64 (what one subscriber usually gets,
/// so a host cannot dodge the limit by rotating through its own prefix).
/// </summary>
internal sealed class AddressLimiter(IOptions<RelayOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _open = [];
    private readonly int _limit = options.Value.MaxConnectionsPerAddress;
    private int _total;

    /// <summary>Relay connections open now, from every source.</summary>
    public int Open => Volatile.Read(ref _total);

    /// <summary>Takes a slot for <paramref name="remote"/>; null when its source is at the limit. Dispose the lease to give it back.</summary>
    public Lease? TryAcquire(EndPoint? remote)
    {
        var source = SourceOf(remote);
        lock (_lock)
        {
            var open = _open.GetValueOrDefault(source);
            if (open >= _limit)
            {
                return null;
            }

            _open[source] = open + 1;
            _total++;
        }

        return new Lease(this, source);
    }

    /// <summary>The limit's key: the IPv4 address, or the IPv6 address's first 64 bits.</summary>
    internal static string SourceOf(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return string.Empty;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Convert.ToHexString(bytes[..8]) + "/64";
    }

    private void Release(string source)
    {
        lock (_lock)
        {
            _total--;
            var open = _open[source] - 1;
            if (open == 0)
            {
                _open.Remove(source);
            }
            else
            {
                _open[source] = open;
            }
        }
    }

    /// <summary>One connection's slot.</summary>
    internal sealed class Lease(AddressLimiter limiter, string source) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(source);
            }
        }
    }
}
