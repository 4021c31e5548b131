namespace DevVault.Core;

/// <summary>Go's time.Duration text form, which Vault puts on the wire for some durations (<c>1h0m0s</c>, <c>0s</c>).</summary>
public static class Durations
{
    public static string ToGoString(TimeSpan value)
    {
        var seconds = (long)value.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var h = seconds / 3600;
        var m = seconds % 3600 / 60;
        var s = seconds % 60;
        return h > 0 ? $"{h}h{m}m{s}s" : m > 0 ? $"{m}m{s}s" : $"{s}s";
    }
}
