using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Rpc;

/// <summary>
/// What the gateway maps for the Coordinator service instead of <see cref="CoordinatorService"/>:
/// <see cref="Parsing.StrictCoordinatorMethods"/> binds its methods with marshallers that refuse a request that does not
/// parse precisely, which grpc-dotnet's own binding of the generated service cannot do (its marshallers are static).
/// The attribute names the generated class so that reflection finds the service's descriptor; its <c>BindService</c>
/// takes no <see cref="CoordinatorEndpoint"/>, so grpc-dotnet's default binder binds nothing for this type.
/// </summary>
[BindServiceMethod(typeof(Coordinator), nameof(Coordinator.BindService))]
public sealed class CoordinatorEndpoint;
