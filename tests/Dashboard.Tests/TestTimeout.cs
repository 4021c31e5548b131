namespace VaultDemo.Dashboard.Tests;

/// <summary>Every await against the topology is bounded, so a hung service fails its test instead of the run.</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(2);

    /// <summary>A token cancelled after <see cref="Default"/>.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
