using System.Reflection;
using VaultDemo.Bench;

// Usage: dotnet run -c Release --project bench [-- name ...]   (no names: run them all)
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var selected = args.Length == 0 ? benchmarks : benchmarks.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToList();
if (selected.Count == 0)
{
    Console.WriteLine("Benchmarks: " + string.Join(", ", benchmarks.Select(b => $"{b.Name} ({b.Description})")));
    return 2;
}

var report = new BenchmarkReport(Console.Out);
foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    await benchmark.RunAsync(report, CancellationToken.None);
}

Console.WriteLine(report.Failures.Count == 0 ? "All targets met." : "Targets missed:\n  " + string.Join("\n  ", report.Failures));
return report.Failures.Count == 0 ? 0 : 1;
