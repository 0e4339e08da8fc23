using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace LogChat.Client.Peer.Punch;

/// <summary>
/// The transport Kestrel picks for a <see cref="ConnectedSocketEndPoint"/> and only for it, so that it sits beside
/// Kestrel's socket transport in one server.
/// </summary>
internal sealed class ConnectedSocketListenerFactory(ILoggerFactory loggerFactory) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is ConnectedSocketEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not ConnectedSocketEndPoint connected)
        {
            throw new NotSupportedException($"{endpoint} is not a {nameof(ConnectedSocketEndPoint)}.");
        }

        var connections = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions(),
            loggerFactory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        return ValueTask.FromResult<IConnectionListener>(new ConnectedSocketListener(connected, connected.Open(), connections));
    }
}
