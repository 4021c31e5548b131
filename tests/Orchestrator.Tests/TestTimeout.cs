namespace VaultDemo.Orchestrator.Tests;

/// <summary>Every await in these tests is bounded, so a hung process fails the test instead of the run.</summary>
public static class TestTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(2);

    /// <summary>A token cancelled after <see cref="Default"/>.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
