namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>Every await against the topology is bounded, so a hung resource fails its test instead of the run.</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(2);

    /// <summary>Startup of the whole topology on a loaded 2-core machine (about 25 s when idle).</summary>
    public static readonly TimeSpan Startup = TimeSpan.FromMinutes(4);

    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
