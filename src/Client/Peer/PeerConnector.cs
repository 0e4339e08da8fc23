using LogChat.Protocol.Peer;

namespace LogChat.Client.Peer;

/// <summary>Turns an introduction into a running, end-to-end encrypted conversation, as host or as dialler.</summary>
public static class PeerConnector
{
    /// <summary>
    /// Opens a listener, announces it through <paramref name="reportReady"/> (port, certificate SHA-256),
    /// admits the dialler, and runs the handshake as host. The listener stops when the conversation ends.
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
        ArgumentNullException.ThrowIfNull(reportReady);
        var listener = await PeerListener.StartAsync(options.ListenAddress, cancellationToken).ConfigureAwait(false);
        try
        {
            await reportReady(listener.Port, listener.CertificateSha256, cancellationToken).ConfigureAwait(false);
            IPeerMessageTransport transport;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.AcceptTimeout);
                try
                {
                    transport = await listener.AcceptAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new PeerConnectionException($"{introduction.PeerUsername} did not connect within {options.AcceptTimeout.TotalSeconds:0} s.", ex);
                }
            }

            var channel = await HandshakeAsync(introduction, PeerRole.Host, localUserId, identity, transport, options, cancellationToken).ConfigureAwait(false);
            return PeerConversation.Start(channel, transport, listener, introduction.PeerUsername, options.Heartbeat);
        }
        catch
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Dials the host pinned to <paramref name="certificateSha256"/> and runs the handshake as dialler.</summary>
    public static async Task<PeerConversation> DialAsync(
        PeerIntroduction introduction,
        string hostAddress,
        int hostPort,
        byte[] certificateSha256,
        Guid localUserId,
        IdentityKeyPair identity,
        PeerOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await PeerDialer.DialAsync(hostAddress, hostPort, certificateSha256, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await HandshakeAsync(introduction, PeerRole.Dialer, localUserId, identity, connection.Transport, options, cancellationToken).ConfigureAwait(false);
            return PeerConversation.Start(channel, connection.Transport, connection, introduction.PeerUsername, options.Heartbeat);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<SecureChannel> HandshakeAsync(
        PeerIntroduction introduction,
        PeerRole role,
        Guid localUserId,
        IdentityKeyPair identity,
        IPeerMessageTransport transport,
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
        catch (HandshakeFailedException ex)
        {
            throw new PeerConnectionException($"The secure handshake with {introduction.PeerUsername} failed: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerConnectionException($"The secure handshake with {introduction.PeerUsername} did not finish within {options.HandshakeTimeout.TotalSeconds:0} s.", ex);
        }
    }
}
