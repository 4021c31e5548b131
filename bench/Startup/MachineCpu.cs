using System.Globalization;

namespace VaultDemo.Bench.Startup;

/// <summary>
/// The whole machine's busy CPU time from <c>/proc/stat</c>, every process included (containers, DCP, the services).
/// A start that keeps every core busy cannot get faster by ordering: it shows where the floor is.
/// </summary>
internal readonly record struct MachineCpu(TimeSpan Busy)
{
    /// <summary>The clock tick <c>/proc/stat</c> counts in (USER_HZ, 100 on every Linux architecture .NET runs on).</summary>
    private const double TicksPerSecond = 100;

    public static int Cores => Environment.ProcessorCount;

    /// <summary>Now, or null where there is no <c>/proc/stat</c> (not Linux).</summary>
    public static MachineCpu? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": busy is all but idle and iowait;
        // guest time is already inside user.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
        return new MachineCpu(TimeSpan.FromSeconds(busy / TicksPerSecond));
    }

    /// <summary>"<c>N core-s busy of M available (K cores)</c>" over <paramref name="wall"/> since <paramref name="start"/>.</summary>
    public static string Describe(MachineCpu? start, TimeSpan wall)
    {
        if (start is not { } before || Read() is not { } after)
        {
            return "machine CPU not measured (no /proc/stat)";
        }

        var busy = (after.Busy - before.Busy).TotalSeconds;
        var available = wall.TotalSeconds * Cores;
        return string.Create(CultureInfo.InvariantCulture, $"{busy:0.0} core-s busy of {available:0.0} available ({Cores} cores, {busy / available:P0})");
    }
}
