using System.Net;
using System.Net.Sockets;
using LogChat.Bench.Load.Cli;
using LogChat.Bench.Load.Gateway;
using LogChat.Bench.Load.Peer;
using LogChat.Bench.Load.Reporting;
using LogChat.Client.Peer.Relay;
using LogChat.Protocol.Relay;
using LogChat.Protocol.Sessions;

namespace LogChat.Bench.Load.Scenarios;

/// <summary>
/// One LogChat session through the relay process bench.sh started, against the same session direct over TLS, at
/// 100 B and 64 KiB; then the relay's memory per open pair and its CPU time per GB copied.
/// </summary>
public static class RelayScenario
{
    private const int SmallMessage = 100;
    private const int LargeMessage = 64 * 1024;
    private const int Rounds = 3;
    private const int PairTraffic = 16 * 1024;
    private const double Gigabyte = 1e9;

    public static async Task RunAsync(BenchArguments args, BenchEnvironment env, CancellationToken cancellationToken)
    {
        var duration = args.Seconds("seconds", 10);
        var pairs = args.Number("pairs", 500);
        var relay = Target(args);
        using var probe = new GatewayProbe(args.Number("relay-pid", 0), new Uri(args.Text("relay-metrics")));
        var progress = new ProgressLine("relay");
        var report = new ResultReport("relay", "one LogChat session through a relay against the same session direct over TLS");
        report.Setup($"arguments: `{args.Describe()}`");
        report.Setup("one direction (dialler to host), one session, both peers in the load generator's process, the relay its own process (Release, as bench.sh starts it), all on loopback; each run sends for the given seconds, then waits for the last message; 3 interleaved rounds per row, median shown");
        report.Setup("direct = PeerConversation over pinned TLS to the host's listener; relayed = the same, the host serving TLS over its relay connection and the dialler dialling over its own (tickets, pairing, one-byte answers, then the relay copying TLS records)");
        report.Setup("target (issue 16): relayed >= 0.8x direct at 64 KiB");
        report.Columns("session", "message", "messages/s", "MB/s", "vs direct", "target");

        await using var rig = new PeerSessionRig();
        double relayCpu = 0, relayBytes = 0;
        foreach (var size in new[] { SmallMessage, LargeMessage })
        {
            var text = new string('m', size);
            var directRounds = new List<double>();
            var relayedRounds = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                directRounds.Add((await SessionThroughput.MeasureAsync("direct session", async c =>
                {
                    var (host, dialer, _) = await rig.ConnectAsync(c);
                    return (host, dialer);
                }, text, duration, progress, cancellationToken)).Rate);
                var before = await SampleAsync(probe, cancellationToken);
                relayedRounds.Add((await SessionThroughput.MeasureAsync("relayed session", c => rig.ConnectThroughRelayAsync(relay, c), text, duration, progress, cancellationToken)).Rate);
                var after = await SampleAsync(probe, cancellationToken);
                if (size == LargeMessage)
                {
                    relayCpu += after.Cpu - before.Cpu;
                    relayBytes += after.Copied - before.Copied;
                }
            }

            var (direct, relayed) = (Figures.Median(directRounds), Figures.Median(relayedRounds));
            var label = size == SmallMessage ? "100 B" : "64 KiB";
            report.Row("direct (TLS)", label, Figures.Count(direct), Figures.Megabytes(direct, size), "-", "-");
            report.Row("relayed", label, Figures.Count(relayed), Figures.Megabytes(relayed, size), Figures.Ratio(relayed / direct),
                size == LargeMessage ? Figures.Verdict(relayed / direct >= 0.8) : "-");
        }

        var perPair = await MemoryPerPairAsync(relay, probe, pairs, progress, cancellationToken);
        report.Note("");
        report.Note($"Relay CPU per GB copied (user + system time of the relay process over the 64 KiB relayed runs, {Figures.Number(relayBytes / Gigabyte, "0.00")} GB): **{Figures.Number(relayCpu / (relayBytes / Gigabyte), "0.00")} CPU s/GB**.");
        report.Note($"Relay memory per open pair ({pairs} pairs, each having carried {PairTraffic / 1024} KiB each way, resident set growth of the relay process / pairs): **{Figures.KiB(perPair)}**.");
        await report.PublishAsync(env.ResultsFolder, cancellationToken);
    }

    private static RelayTarget Target(BenchArguments args)
    {
        var secret = Environment.GetEnvironmentVariable("LOGCHAT_BENCH_RELAY_KEY")
            ?? throw new InvalidOperationException("LOGCHAT_BENCH_RELAY_KEY is not set");
        return new RelayTarget(
            IPEndPoint.Parse(args.Text("relay")),
            args.Text("relay-id"),
            new RelayTicketKeyring([new RelayTicketKey(0, Convert.FromBase64String(secret))]));
    }

    private static async Task<(double Cpu, double Copied)> SampleAsync(GatewayProbe probe, CancellationToken cancellationToken)
    {
        var sample = await probe.SampleAsync(cancellationToken);
        return (sample.CpuSeconds, await probe.SumAsync("logchat_relay_copied_bytes_total", cancellationToken));
    }

    // Pairs held open at once, each having moved some bytes both ways (so that the relay's buffers for it exist).
    private static async Task<double> MemoryPerPairAsync(RelayTarget relay, GatewayProbe probe, int count, ProgressLine progress, CancellationToken cancellationToken)
    {
        var before = (await probe.SampleAsync(cancellationToken)).RssBytes;
        var sockets = new List<Socket>();
        try
        {
            var payload = new byte[PairTraffic];
            for (var i = 0; i < count; i++)
            {
                var session = new SessionId(Guid.NewGuid());
                var host = RelayConnector.ConnectAsync(relay.Endpoint, relay.Ticket(session, RelaySide.Host), cancellationToken);
                var dialer = await RelayConnector.ConnectAsync(relay.Endpoint, relay.Ticket(session, RelaySide.Dialer), cancellationToken);
                sockets.Add(dialer);
                sockets.Add(await host);
                await Task.WhenAll(Exchange(sockets[^2], sockets[^1], payload, cancellationToken), Exchange(sockets[^1], sockets[^2], payload, cancellationToken));
                progress.Report($"open pairs: {i + 1}/{count}");
            }

            var after = (await probe.SampleAsync(cancellationToken)).RssBytes;
            progress.Done($"{count} open pairs: relay RSS {Figures.MiB(before)} -> {Figures.MiB(after)}");
            return (after - before) / count;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task Exchange(Socket from, Socket to, byte[] payload, CancellationToken cancellationToken)
    {
        await from.SendAsync(payload, cancellationToken);
        var buffer = new byte[payload.Length];
        using var stream = new NetworkStream(to, ownsSocket: false);
        await stream.ReadExactlyAsync(buffer, cancellationToken);
    }
}
