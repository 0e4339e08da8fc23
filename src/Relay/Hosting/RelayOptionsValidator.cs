using System.Net;
using System.Text;
using LogChat.Protocol.Relay;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Hosting;

/// <summary>Refuses to start a relay whose settings could not work; each message names the key and its environment variable.</summary>
internal sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        var failures = new List<string>();
        void Require(bool holds, string key, string rule)
        {
            if (!holds)
            {
                failures.Add($"{RelayOptions.Section}:{key} {rule} (environment variable LOGCHAT_LogChat__Relay__{key})");
            }
        }

        Require(Encoding.UTF8.GetByteCount(options.Id) is >= 1 and <= RelayTicketCodec.MaxRelayIdBytes, nameof(options.Id),
            $"must be 1-{RelayTicketCodec.MaxRelayIdBytes} UTF-8 bytes: the identity tickets name");
        Require(IPAddress.TryParse(options.ListenAddress, out _), nameof(options.ListenAddress), "must be an IP address");
        Require(options.Port is >= 1 and <= 65535, nameof(options.Port), "must be 1-65535");
        Require(options.TicketTimeout > TimeSpan.Zero, nameof(options.TicketTimeout), "must be positive");
        Require(options.PairingWindow > TimeSpan.Zero && options.PairingWindow <= TimeSpan.FromMinutes(5), nameof(options.PairingWindow),
            "must be positive and at most 5 minutes");
        Require(options.MaxBytesPerPair >= 1024, nameof(options.MaxBytesPerPair), "must be at least 1024");
        Require(options.MaxPairDuration > TimeSpan.Zero, nameof(options.MaxPairDuration), "must be positive");
        Require(options.IdleTimeout > TimeSpan.Zero, nameof(options.IdleTimeout), "must be positive");
        Require(options.MaxPairs >= 1, nameof(options.MaxPairs), "must be at least 1");
        // Both sides of one chat may sit behind one address (one NAT), so one address needs room for a pair.
        Require(options.MaxConnectionsPerAddress >= 2, nameof(options.MaxConnectionsPerAddress), "must be at least 2");
        Require(options.DrainTimeout >= TimeSpan.Zero, nameof(options.DrainTimeout), "must not be negative");
        if (options.Peers.Length > 0)
        {
            Require(options.Peers.All(peer => !string.IsNullOrWhiteSpace(peer)), nameof(options.Peers), "must name hosts or IP addresses, none empty");
            Require(options.SelfPeerAddress() is not null, nameof(options.SelfAddress),
                "must be this process's IP address among the peers when ListenAddress binds every interface (in Kubernetes: the pod IP)");
            Require(options.ForwardPort is >= 1 and <= 65535 && options.ForwardPort != options.Port, nameof(options.ForwardPort),
                "must be 1-65535 and not the relay port");
            Require(options.PeersRefreshInterval > TimeSpan.Zero, nameof(options.PeersRefreshInterval), "must be positive");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
