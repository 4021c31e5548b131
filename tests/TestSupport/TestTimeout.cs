namespace VaultDemo.TestSupport;

/// <summary>Every await against a real component is bounded, so a hung resource fails its test instead of the run.</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(2);

    /// <summary>A whole topology or a container on a loaded 2-core machine (about 15-25 s when idle, minutes on a first run that builds images).</summary>
    public static readonly TimeSpan Startup = TimeSpan.FromMinutes(10);

    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
