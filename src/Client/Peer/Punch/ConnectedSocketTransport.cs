using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogChat.Client.Peer.Punch;

/// <summary>Registers the transport that serves <see cref="ConnectedSocketEndPoint"/>s beside Kestrel's socket transport.</summary>
public static class ConnectedSocketTransport
{
    /// <summary>
    /// Adds the connected-socket transport. Kestrel's socket transport is registered too: Kestrel adds it only when no
    /// transport is registered yet, which would leave its IP endpoints unserved if this call came first.
    /// </summary>
    public static IServiceCollection AddConnectedSocketTransport(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, SocketTransportFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, ConnectedSocketListenerFactory>());
        return services;
    }
}
