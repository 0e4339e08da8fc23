using System.Diagnostics;

namespace LogChat.Bench.Load.Gateway;

/// <summary>CPU used during one phase of a scenario: by the gateway (in cores) and by the whole machine (busy fraction).</summary>
public sealed class PhaseLoad
{
    private readonly GatewayProbe _probe;
    private readonly GatewaySample _start;
    private readonly MachineCpu _machine;
    private readonly long _wall;

    private PhaseLoad(GatewayProbe probe, GatewaySample start)
    {
        _probe = probe;
        _start = start;
        _machine = MachineCpu.Read();
        _wall = Stopwatch.GetTimestamp();
    }

    public static async Task<PhaseLoad> StartAsync(GatewayProbe probe, CancellationToken cancellationToken) =>
        new(probe, await probe.SampleAsync(cancellationToken));

    public async Task<(double GatewayCores, double MachineBusy)> StopAsync(CancellationToken cancellationToken)
    {
        var busy = MachineCpu.Read().BusySince(_machine);
        var end = await _probe.SampleAsync(cancellationToken);
        return ((end.CpuSeconds - _start.CpuSeconds) / Stopwatch.GetElapsedTime(_wall).TotalSeconds, busy);
    }
}
