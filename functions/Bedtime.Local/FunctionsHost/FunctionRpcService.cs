using Bedtime.Local.FunctionsHost.Rpc;
using Grpc.Core;

namespace Bedtime.Local.FunctionsHost;

/// <summary>The gRPC endpoint the worker dials (<c>--functions-uri</c>): hands its event stream to the channel.</summary>
public sealed class FunctionRpcService(WorkerLink worker) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        worker.Current.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
