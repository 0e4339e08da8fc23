using LogChat.Hosting.Admin;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using LogChat.Relay.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace LogChat.Relay.Pairing;

/// <summary>
/// The relay's sessions in memory: who waits for whom, which tickets have paired (refused again until they
/// expire), how many sessions there are against <see cref="RelayOptions.MaxPairs"/>, and whether the relay drains.
/// </summary>
internal sealed class RelaySessions(IOptions<RelayOptions> options, TimeProvider time) : IDrainState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SessionId, RelaySession> _sessions = [];
    private readonly HashSet<string> _usedTickets = [];
    private readonly PriorityQueue<string, DateTimeOffset> _usedTicketExpiries = new();
    private readonly int _maxPairs = options.Value.MaxPairs;
    private int _activePairs;
    private bool _draining;

    /// <summary>Pairs copying now.</summary>
    public int ActivePairs
    {
        get
        {
            lock (_lock)
            {
                return _activePairs;
            }
        }
    }

    /// <summary>First sides waiting for their peer now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count - _activePairs;
            }
        }
    }

    public bool IsDraining
    {
        get
        {
            lock (_lock)
            {
                return _draining;
            }
        }
    }

    /// <summary>Adds a connection with a verified ticket to its session; <paramref name="mac"/> identifies the ticket.</summary>
    public JoinResult Join(RelayTicket ticket, ReadOnlySpan<byte> mac, ConnectionContext connection)
    {
        var ticketKey = Convert.ToHexString(mac);
        lock (_lock)
        {
            if (_draining)
            {
                return JoinResult.Refused(RelayRefusal.Draining);
            }

            ForgetExpiredTickets();
            if (_usedTickets.Contains(ticketKey))
            {
                return JoinResult.Refused(RelayRefusal.Reused);
            }

            if (_sessions.TryGetValue(ticket.SessionId, out var session))
            {
                if (session.IsPaired || session.FirstSide == ticket.Side)
                {
                    return JoinResult.Refused(RelayRefusal.SideTaken);
                }

                session.IsPaired = true;
                _activePairs++;
                MarkUsed(session.FirstTicket, session.FirstExpiry);
                MarkUsed(ticketKey, ticket.ExpiresAt);
                return JoinResult.Paired(session);
            }

            if (_sessions.Count >= _maxPairs)
            {
                return JoinResult.Refused(RelayRefusal.Full);
            }

            session = new RelaySession(ticket.SessionId, ticket.Side, connection, ticketKey, ticket.ExpiresAt);
            _sessions.Add(ticket.SessionId, session);
            return JoinResult.Waiting(session);
        }
    }

    /// <summary>Removes a session whose first side stops waiting; false when the second side has already paired it.</summary>
    public bool Abandon(RelaySession session)
    {
        lock (_lock)
        {
            if (session.IsPaired)
            {
                return false;
            }

            _sessions.Remove(session.Id);
            return true;
        }
    }

    /// <summary>Records the pair copying for a paired session, so that a drain can close it.</summary>
    public void Attach(RelaySession session, RelayPair pair)
    {
        lock (_lock)
        {
            session.Pair = pair;
        }
    }

    /// <summary>Removes a pair that has ended; its tickets stay refused until they expire.</summary>
    public void Finish(RelaySession session)
    {
        lock (_lock)
        {
            _sessions.Remove(session.Id);
            _activePairs--;
        }
    }

    /// <summary>Refuses every new connection from now on and hands back the waiting sessions, already removed.</summary>
    public IReadOnlyList<RelaySession> Drain()
    {
        lock (_lock)
        {
            _draining = true;
            var waiting = _sessions.Values.Where(s => !s.IsPaired).ToList();
            foreach (var session in waiting)
            {
                _sessions.Remove(session.Id);
            }

            return waiting;
        }
    }

    /// <summary>The pairs copying now.</summary>
    public IReadOnlyList<RelayPair> RunningPairs()
    {
        lock (_lock)
        {
            return [.. _sessions.Values.Select(s => s.Pair).OfType<RelayPair>()];
        }
    }

    private void MarkUsed(string ticketKey, DateTimeOffset expiresAt)
    {
        if (_usedTickets.Add(ticketKey))
        {
            _usedTicketExpiries.Enqueue(ticketKey, expiresAt);
        }
    }

    private void ForgetExpiredTickets()
    {
        var now = time.GetUtcNow();
        while (_usedTicketExpiries.TryPeek(out var ticketKey, out var expiresAt) && expiresAt <= now)
        {
            _usedTicketExpiries.Dequeue();
            _usedTickets.Remove(ticketKey);
        }
    }
}
