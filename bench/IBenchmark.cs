namespace VaultDemo.Bench;

/// <summary>
/// One benchmark: measures a candidate and its baseline in the same run and prints their ratio,
/// because absolute timings on a shared 2-core machine mean little. Implementations are found by
/// reflection, so adding one never touches Program.cs.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name used on the command line (<c>dotnet run --project bench -- kv</c>).</summary>
    string Name { get; }

    /// <summary>One line: what is compared with what, and the target.</summary>
    string Description { get; }

    Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken);
}
