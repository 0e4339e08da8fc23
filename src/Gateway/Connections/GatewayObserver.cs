using LogChat.Grains.Events;
using LogChat.Grains.Presence;

namespace LogChat.Gateway.Connections;

/// <summary>The gateway's one grain observer: hands events from grains to the Connect stream they are for.</summary>
public sealed class GatewayObserver(ClientConnectionRegistry streams) : IGatewayObserver
{
    public Task Deliver(Guid connectionId, ClientEvent clientEvent)
    {
        streams.Find(connectionId)?.Post(ServerEventMapper.ToServerEvent(clientEvent));
        return Task.CompletedTask;
    }

    public Task EndStream(Guid connectionId, string reason)
    {
        streams.Find(connectionId)?.Revoke(reason);
        return Task.CompletedTask;
    }
}
