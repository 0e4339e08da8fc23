using LogChat.Protocol.Sessions;

namespace LogChat.Client.Peer;

/// <summary>
/// The TLS server names (SNI) on a peer listener. A dialler names its session, <c>&lt;session-id&gt;.peer.invalid</c>, and
/// gets that session's certificate and admission; every other name, none included, gets the listener's probe certificate,
/// which serves only <c>Peer.Probe</c>. ".invalid" (RFC 6761) never resolves, so the names cannot reach anyone else.
/// </summary>
public static class PeerServerName
{
    /// <summary>The name a coordinator's dial-back asks for.</summary>
    public const string Probe = "probe.peer.invalid";

    private const string Suffix = ".peer.invalid";

    /// <summary>The name a dialler asks for to reach <paramref name="sessionId"/>.</summary>
    public static string For(SessionId sessionId) => sessionId + Suffix;

    /// <summary>The session a server name asks for, or null when it names none.</summary>
    public static SessionId? SessionOf(string? serverName) =>
        serverName is { Length: > 0 }
        && serverName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
        && Guid.TryParseExact(serverName.AsSpan(0, serverName.Length - Suffix.Length), "D", out var id)
            ? new SessionId(id)
            : null;
}
