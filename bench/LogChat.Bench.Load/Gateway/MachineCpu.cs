using System.Globalization;

namespace LogChat.Bench.Load.Gateway;

/// <summary>The whole machine's CPU time from /proc/stat: how busy all cores were between two readings.</summary>
public readonly record struct MachineCpu(double BusyTicks, double TotalTicks)
{
    public static MachineCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return new MachineCpu(total - idle, total);
    }

    /// <summary>The fraction of all cores' time spent busy since <paramref name="earlier"/>.</summary>
    public double BusySince(MachineCpu earlier) => (BusyTicks - earlier.BusyTicks) / Math.Max(1, TotalTicks - earlier.TotalTicks);
}
