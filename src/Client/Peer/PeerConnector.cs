using LogChat.Protocol.Peer;
using LogChat.Protocol.Sessions;

namespace LogChat.Client.Peer;

/// <summary>Turns an introduction into a running, end-to-end encrypted conversation, as host or as dialler.</summary>
public static class PeerConnector
{
    private static readonly TimeSpan LanConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Hosts <paramref name="introduction"/>'s session on <paramref name="listener"/>: announces it through
    /// <paramref name="reportReady"/> (the listener's port, the session certificate's SHA-256), and runs the handshake as
    /// host with whoever dials the session until one proves to be the introduced peer. The session leaves the listener
    /// when the conversation ends; the listener stays.
    /// </summary>
    public static async Task<PeerConversation> HostAsync(
        PeerListener listener,
        PeerIntroduction introduction,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        Func<int, byte[], CancellationToken, Task> reportReady,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(introduction);
        var session = listener.OpenSession(introduction.SessionId);
        return await HostSessionAsync(session, session, introduction, localUserId, identity, options, reportReady, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hosts <paramref name="introduction"/>'s session on a listener of its own, on an ephemeral port of
    /// <see cref="PeerOptions.ListenAddress"/>, which stops when the conversation ends.
    /// </summary>
    public static async Task<PeerConversation> HostAsync(
        PeerIntroduction introduction,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        Func<int, byte[], CancellationToken, Task> reportReady,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        ArgumentNullException.ThrowIfNull(options);
        var listener = await PeerListener.StartAsync(options.ListenAddress, 0, cancellationToken).ConfigureAwait(false);
        var session = listener.OpenSession(introduction.SessionId);
        var owner = new SessionOnOwnListener(session, listener);
        return await HostSessionAsync(session, owner, introduction, localUserId, identity, options, reportReady, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dials <paramref name="host"/>, accepting only its pinned certificate, and runs the handshake as dialler.</summary>
    public static async Task<PeerConversation> DialAsync(
        PeerIntroduction introduction,
        HostEndpoint host,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await DialFirstReachableAsync(introduction.SessionId, host, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        PhaseTrace.Mark("connected");
        return await StartDialledAsync(connection, introduction, localUserId, identity, options, cancellationToken).ConfigureAwait(false);
    }

    // On one LAN the host's own addresses come first, each given a short while (a missing address costs little), and the
    // address the coordinator observed last; the pin decides, wherever the connection lands.
    private static async Task<DialedPeer> DialFirstReachableAsync(SessionId sessionId, HostEndpoint host, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var lanTimeout = connectTimeout < LanConnectTimeout ? connectTimeout : LanConnectTimeout;
        foreach (var address in host.LanAddresses)
        {
            try
            {
                return await PeerDialer.DialAsync(address, host.Port, sessionId, host.CertificateSha256, lanTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (PeerConnectionException)
            {
                // Not this address: the next, and in the end the observed one.
            }
        }

        return await PeerDialer.DialAsync(host.Address, host.Port, sessionId, host.CertificateSha256, connectTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the handshake as dialler over <paramref name="punched"/>, a connection to the host already made by a hole
    /// punch, accepting only the host's pinned certificate. The conversation owns the socket.
    /// </summary>
    public static async Task<PeerConversation> DialOverAsync(
        PeerIntroduction introduction,
        System.Net.Sockets.Socket punched,
        byte[] hostCertificateSha256,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await PeerDialer.DialOverAsync(
            punched, introduction.SessionId, hostCertificateSha256, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        return await StartDialledAsync(connection, introduction, localUserId, identity, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PeerConversation> StartDialledAsync(
        DialedPeer connection, PeerIntroduction introduction, Guid localUserId, IdentityKeyPair identity, PeerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await HandshakeAsync(
                introduction, PeerRole.Dialer, localUserId, identity, connection.Transport, connection.HostProtocolVersion, options, cancellationToken).ConfigureAwait(false);
            PhaseTrace.Mark("handshake");
            return PeerConversation.Start(channel, connection.Transport, connection, introduction.PeerUsername, options.Heartbeat);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Reports the session ready and seats its peer; the conversation then owns `owner` (the session, and for a listener of
    // its own the listener too), which is disposed here if no conversation starts.
    private static async Task<PeerConversation> HostSessionAsync(
        HostedSession session,
        IAsyncDisposable owner,
        PeerIntroduction introduction,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        Func<int, byte[], CancellationToken, Task> reportReady,
        CancellationToken cancellationToken)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(reportReady);
            await reportReady(session.Port, session.CertificateSha256, cancellationToken).ConfigureAwait(false);
            PhaseTrace.Mark("host-ready");
            var (channel, seated) = await SeatPeerAsync(session, introduction, localUserId, identity, options, cancellationToken).ConfigureAwait(false);
            PhaseTrace.Mark("handshake");
            return PeerConversation.Start(channel, seated.Transport, owner, introduction.PeerUsername, options.Heartbeat);
        }
        catch
        {
            await owner.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Checks every dialler that arrives within the accept timeout, several at once, so that one which connects first and
    // fails the handshake (or never finishes it) cannot keep the introduced peer out. The first to pass is seated.
    private static async Task<(SecureChannel Channel, PeerCandidate Seated)> SeatPeerAsync(
        HostedSession session,
        PeerIntroduction introduction,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        CancellationToken cancellationToken)
    {
        using var arrivals = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        arrivals.CancelAfter(options.AcceptTimeout);
        using var checking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var checks = new Dictionary<Task<SecureChannel?>, PeerCandidate>();
        var lastFailure = default(string);
        Task<PeerCandidate>? next = session.NextCandidateAsync(arrivals.Token);
        try
        {
            while (next is not null || checks.Count > 0)
            {
                var done = await Task.WhenAny(next is null ? checks.Keys : checks.Keys.Append<Task>(next)).ConfigureAwait(false);
                if (next is not null && done == next)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (next.IsCompletedSuccessfully)
                    {
                        var candidate = await next.ConfigureAwait(false);
                        checks.Add(CheckAsync(candidate), candidate);
                        next = session.NextCandidateAsync(arrivals.Token);
                    }
                    else
                    {
                        // The accept timeout passed: only the checks under way may still seat someone.
                        next = null;
                    }

                    continue;
                }

                var check = (Task<SecureChannel?>)done;
                var checkedCandidate = checks[check];
                checks.Remove(check);
                if (await check.ConfigureAwait(false) is { } channel)
                {
                    checkedCandidate.Seat();
                    return (channel, checkedCandidate);
                }

                checkedCandidate.Reject();
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new PeerConnectionException(lastFailure is null
                ? $"{introduction.PeerUsername} did not connect within {options.AcceptTimeout.TotalSeconds:0} s."
                : $"{introduction.PeerUsername} did not connect within {options.AcceptTimeout.TotalSeconds:0} s; a connection was turned away: {lastFailure}");
        }
        finally
        {
            await checking.CancelAsync().ConfigureAwait(false);
            foreach (var leftOver in checks.Values)
            {
                leftOver.Reject();
            }
        }

        async Task<SecureChannel?> CheckAsync(PeerCandidate candidate)
        {
            try
            {
                return await HandshakeAsync(introduction, PeerRole.Host, localUserId, identity, candidate.Transport, null, options, checking.Token).ConfigureAwait(false);
            }
            catch (PeerConnectionException ex)
            {
                lastFailure = ex.Message;
                return null;
            }
            catch (OperationCanceledException) when (checking.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    // The peer's protocol version comes from its hello or, for a dialler the host turned away without a word, from the
    // version the host announced when it let the dialler in (`announcedPeerVersion`).
    private static async Task<SecureChannel> HandshakeAsync(
        PeerIntroduction introduction,
        PeerRole role,
        Guid localUserId,
        IdentityKeyPair identity,
        IPeerMessageTransport transport,
        uint? announcedPeerVersion,
        PeerOptions options,
        CancellationToken cancellationToken)
    {
        var parameters = new HandshakeParameters(
            introduction.SessionId,
            role,
            localUserId,
            identity,
            introduction.PeerUserId,
            introduction.PeerIdentityKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HandshakeTimeout);
        try
        {
            return await PeerHandshake.RunAsync(parameters, transport, timeout.Token).ConfigureAwait(false);
        }
        catch (HandshakeFailedException ex) when ((ex.PeerProtocolVersion ?? OtherThanOurs(announcedPeerVersion)) is { } peerVersion)
        {
            throw new PeerConnectionException(
                $"{introduction.PeerUsername}'s logchat speaks peer protocol {peerVersion}; this logchat speaks peer protocol {PeerProtocol.Version}. "
                + "The one with the older logchat needs to upgrade (`logchat --version` shows it).",
                peerVersion,
                ex);
        }
        catch (HandshakeFailedException ex)
        {
            throw new PeerConnectionException($"The secure handshake with {introduction.PeerUsername} failed: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerConnectionException($"The secure handshake with {introduction.PeerUsername} did not finish within {options.HandshakeTimeout.TotalSeconds:0} s.", ex);
        }
    }

    private static uint? OtherThanOurs(uint? version) => version == PeerProtocol.Version ? null : version;

    private sealed class SessionOnOwnListener(HostedSession session, PeerListener listener) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync().ConfigureAwait(false);
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }
}
