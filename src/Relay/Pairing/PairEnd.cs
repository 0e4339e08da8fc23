namespace LogChat.Relay.Pairing;

/// <summary>Why a running pair was closed; the label of <c>logchat_relay_pairs_ended_total</c>.</summary>
internal enum PairEnd
{
    /// <summary>A side closed its connection (the chat ended, or a peer went away).</summary>
    Closed,

    /// <summary>The pair reached <c>MaxBytesPerPair</c>.</summary>
    ByteLimit,

    /// <summary>The pair reached <c>MaxPairDuration</c>.</summary>
    DurationLimit,

    /// <summary>No byte moved for <c>IdleTimeout</c>.</summary>
    Idle,

    /// <summary>The relay shut down before the pair ended.</summary>
    Draining,
}

/// <summary>The metric labels of <see cref="PairEnd"/>.</summary>
internal static class PairEnds
{
    public static string Label(this PairEnd end) => end switch
    {
        PairEnd.Closed => "closed",
        PairEnd.ByteLimit => "byte_limit",
        PairEnd.DurationLimit => "duration_limit",
        PairEnd.Idle => "idle",
        PairEnd.Draining => "draining",
        _ => "unknown",
    };
}
