using Grpc.AspNetCore.Server.Model;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Rpc.Parsing;

/// <summary>Binds every method of the generated Coordinator service to <see cref="CoordinatorService"/>, through <see cref="StrictParsingBinder"/>.</summary>
public sealed class StrictCoordinatorMethods(CoordinatorService service, UnparseableRequests unparseable) : IServiceMethodProvider<CoordinatorEndpoint>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<CoordinatorEndpoint> context) =>
        Coordinator.BindService(new StrictParsingBinder(context, unparseable), service);
}
