using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;
using Microsoft.AspNetCore.Connections;

namespace LogChat.Relay.Pairing;

/// <summary>
/// One session at the relay: its first side waiting (<see cref="First"/>), then, once the second arrives, a pair.
/// The first side's handler waits on <see cref="Answer"/> and <see cref="Finished"/>; the second side's runs the copies.
/// </summary>
internal sealed class RelaySession(SessionId id, RelaySide firstSide, ConnectionContext first, string firstTicket, DateTimeOffset firstExpiry)
{
    public SessionId Id { get; } = id;

    /// <summary>The side that arrived first.</summary>
    public RelaySide FirstSide { get; } = firstSide;

    /// <summary>The connection that arrived first and waits.</summary>
    public ConnectionContext First { get; } = first;

    /// <summary>The first side's ticket MAC (hex), marked used once the session pairs.</summary>
    public string FirstTicket { get; } = firstTicket;

    public DateTimeOffset FirstExpiry { get; } = firstExpiry;

    /// <summary>Whether the second side has arrived; guarded by <see cref="RelaySessions"/>' lock.</summary>
    public bool IsPaired { get; set; }

    /// <summary>The copying pair, once it runs (so that a drain can close it).</summary>
    public RelayPair? Pair { get; set; }

    /// <summary>The byte the first side gets: <see cref="RelayRefusal.None"/> once paired (already written for it), else a refusal to write.</summary>
    public TaskCompletionSource<RelayRefusal> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the pair has ended and the first side's connection may close.</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
