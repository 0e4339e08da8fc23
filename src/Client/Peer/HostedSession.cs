using LogChat.Protocol.Sessions;

namespace LogChat.Client.Peer;

/// <summary>
/// One session hosted on a <see cref="PeerListener"/>: its own fresh certificate (made ahead of time), presented to diallers that name the
/// session (<see cref="PeerServerName.For"/>), and its own admission, which seats one dialler. Disposing it ends the
/// session on the listener: its certificate is no longer presented, its diallers are turned away, the listener stays.
/// </summary>
public sealed class HostedSession : IAsyncDisposable
{
    private readonly Action<HostedSession> _closed;

    internal HostedSession(SessionId sessionId, int port, HostCertificate certificate, Action<HostedSession> closed)
    {
        SessionId = sessionId;
        Port = port;
        Certificate = certificate;
        _closed = closed;
    }

    /// <summary>The session diallers must name.</summary>
    public SessionId SessionId { get; }

    /// <summary>The listener's TCP port, to report with <c>ReportHostReady</c>.</summary>
    public int Port { get; }

    /// <summary>SHA-256 of this session's DER certificate, to report with <c>ReportHostReady</c>.</summary>
    public byte[] CertificateSha256 => Certificate.Sha256.ToArray();

    internal HostCertificate Certificate { get; }

    internal PeerAdmission Admission { get; } = new();

    /// <summary>
    /// Waits for the next dialler of this session to check. Run the handshake on its transport, then
    /// <see cref="PeerCandidate.Seat"/> the one that passes and <see cref="PeerCandidate.Reject"/> the others.
    /// </summary>
    public async Task<PeerCandidate> NextCandidateAsync(CancellationToken cancellationToken) =>
        await Admission.NextAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        _closed(this);
        Admission.Close();
        Certificate.Dispose();
        return ValueTask.CompletedTask;
    }
}
