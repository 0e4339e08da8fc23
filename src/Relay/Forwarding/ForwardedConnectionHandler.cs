using LogChat.Relay.Connections;
using Microsoft.AspNetCore.Connections;

namespace LogChat.Relay.Forwarding;

/// <summary>The forward port: sides another process of this relay passed on, paired here without the per-address limit.</summary>
internal sealed class ForwardedConnectionHandler(RelayConnectionHandler relay) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) => relay.ServeAsync(connection, fromPeer: true);
}
