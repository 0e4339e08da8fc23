using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Hosting;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Forwarding;

/// <summary>
/// The processes that serve this relay identity, resolved from <see cref="RelayOptions.Peers"/> every
/// <see cref="RelayOptions.PeersRefreshInterval"/>, and which of them pairs a session: the one with the highest score
/// for the session id (rendezvous hashing), so every process picks the same one without talking to the others, and a
/// process joining or leaving moves only the sessions it gains or had.
/// </summary>
internal sealed partial class RelayPeers(IOptions<RelayOptions> options, ILogger<RelayPeers> logger) : BackgroundService
{
    private readonly RelayOptions _options = options.Value;
    private readonly IPAddress? _self = options.Value.SelfPeerAddress();
    private IPAddress[] _members = options.Value.SelfPeerAddress() is { } self ? [self] : [];

    /// <summary>Whether sessions are shared out among several processes at all.</summary>
    public bool IsShared => _options.Peers.Length > 0;

    /// <summary>The process that pairs <paramref name="session"/>, or null when it is this one (or nothing is shared).</summary>
    public IPAddress? OwnerOf(SessionId session)
    {
        if (!IsShared || _self is null)
        {
            return null;
        }

        var owner = Owner(session, Volatile.Read(ref _members));
        return owner.Equals(_self) ? null : owner;
    }

    /// <summary>The member with the highest rendezvous score for <paramref name="session"/>.</summary>
    public static IPAddress Owner(SessionId session, IReadOnlyList<IPAddress> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Span<byte> input = stackalloc byte[16 + 16];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        session.Value.TryWriteBytes(input, bigEndian: true, out _);
        IPAddress? best = null;
        ulong bestScore = 0;
        foreach (var member in members)
        {
            var mapped = member.MapToIPv6();
            mapped.TryWriteBytes(input[16..], out _);
            SHA256.HashData(input, hash);
            var score = BinaryPrimitives.ReadUInt64BigEndian(hash);
            if (best is null || score > bestScore)
            {
                (best, bestScore) = (member, score);
            }
        }

        return best ?? throw new ArgumentException("a relay has at least one member", nameof(members));
    }

    /// <summary>Resolves the peers once before the relay takes connections, so the first sessions are shared out too.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsShared)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsShared)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.PeersRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var found = new HashSet<IPAddress>();
        if (_self is not null)
        {
            found.Add(_self);
        }

        foreach (var peer in _options.Peers)
        {
            try
            {
                found.UnionWith(await Dns.GetHostAddressesAsync(peer, cancellationToken).ConfigureAwait(false));
            }
            catch (SocketException e)
            {
                // Kept as it was for this name: a resolver hiccup must not move every session at once.
                LogResolveFailed(peer, e.SocketErrorCode);
                found.UnionWith(Volatile.Read(ref _members));
            }
        }

        var members = found.OrderBy(address => address.ToString(), StringComparer.Ordinal).ToArray();
        var before = Volatile.Read(ref _members);
        if (!members.SequenceEqual(before))
        {
            Volatile.Write(ref _members, members);
            var listed = string.Join(", ", members.Select(address => address.ToString()));
            LogMembers(members.Length, listed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resolve the relay peer {Peer} ({Error}); keeping the members known before")]
    private partial void LogResolveFailed(string peer, SocketError error);

    [LoggerMessage(Level = LogLevel.Information, Message = "This relay's sessions are shared among {Count} processes: {Members}")]
    private partial void LogMembers(int count, string members);
}
