using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;
using CoordinatorBase = LogChat.Protocol.Coordinator.V1.Coordinator.CoordinatorBase;

namespace LogChat.Bench.Load.Baseline;

/// <summary>
/// The connections baseline's only RPC: Connect with nothing of LogChat behind it. It writes the
/// <c>connected</c> event the load generator waits for, then holds the stream until the client leaves.
/// </summary>
internal sealed class BareCoordinatorService(BareStreamCount streams) : CoordinatorBase
{
    public override async Task Connect(ConnectRequest request, IServerStreamWriter<ServerEvent> responseStream, ServerCallContext context)
    {
        streams.Opened();
        try
        {
            await responseStream.WriteAsync(new ServerEvent { Connected = new Connected() }, context.CancellationToken);
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client closed its stream.
        }
        finally
        {
            streams.Closed();
        }
    }
}
