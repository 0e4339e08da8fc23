using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Rpc.Parsing;

/// <summary>
/// Checks the header of the first gRPC frame of a Coordinator call before grpc-dotnet reads it: a compressed flag
/// other than 0 or 1, or a length above 2^31, makes grpc-dotnet throw an exception of its own (UNKNOWN, and an
/// error-level stack trace). Such a body is answered INVALID_ARGUMENT here instead and counted as unparseable. The
/// Coordinator's methods take one request message, so the first frame is the only one grpc-dotnet reads a header of.
/// The header is peeked, never consumed; a conventional middleware that, when the header has arrived with the request
/// (as it does), hands the call on without an async frame of its own that a held Connect stream would keep.
/// </summary>
public sealed class FrameHeaderGate(RequestDelegate next, UnparseableRequests unparseable)
{
    private const int HeaderSize = 5;
    private static readonly PathString CoordinatorPath = $"/{Coordinator.Descriptor.FullName}";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments(CoordinatorPath))
        {
            return next(context);
        }

        var body = context.Request.BodyReader;
        if (!body.TryRead(out var arrived))
        {
            return CheckWhenArrivedAsync(context, body);
        }

        var verdict = Check(arrived);
        if (verdict is null)
        {
            body.AdvanceTo(arrived.Buffer.Start, arrived.Buffer.End);
            return CheckWhenArrivedAsync(context, body);
        }

        body.AdvanceTo(arrived.Buffer.Start);
        return verdict.Value ? next(context) : RefuseAsync(context);
    }

    // The sender is slow to send the header: wait for it here, at the cost of this frame for the call's duration.
    private async Task CheckWhenArrivedAsync(HttpContext context, PipeReader body)
    {
        while (true)
        {
            var arrived = await body.ReadAsync(context.RequestAborted);
            var verdict = Check(arrived);
            if (verdict is null)
            {
                body.AdvanceTo(arrived.Buffer.Start, arrived.Buffer.End);
                continue;
            }

            body.AdvanceTo(arrived.Buffer.Start);
            await (verdict.Value ? next(context) : RefuseAsync(context));
            return;
        }
    }

    /// <summary>True for a sound header (or a body too short to have one, which grpc-dotnet refuses itself), false for a bad one, null until it has arrived.</summary>
    private static bool? Check(ReadResult arrived)
    {
        var buffer = arrived.Buffer;
        if (buffer.Length < HeaderSize)
        {
            return arrived.IsCompleted || arrived.IsCanceled ? true : null;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        return header[0] <= 1 && BinaryPrimitives.ReadUInt32BigEndian(header[1..]) <= int.MaxValue;
    }

    // A trailers-only gRPC answer, as grpc-dotnet writes one.
    private Task RefuseAsync(HttpContext context)
    {
        var refusal = unparseable.Refuse(context.Request.Path, "the request's gRPC frame header is malformed (compressed flag or length)");
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)refusal.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = refusal.Status.Detail;
        return Task.CompletedTask;
    }
}
