using System.Collections.Concurrent;
using VaultDemo.Orchestrator.Dashboard.Resources;

namespace VaultDemo.Orchestrator.Tests.Dashboard;

/// <summary>Resources and console lines a test sets directly, standing in for the supervisor's state.</summary>
public sealed class InMemoryResourceSource : IDashboardResourceSource
{
    private readonly ConcurrentDictionary<string, DashboardResource> _resources = new();
    private readonly ConcurrentDictionary<string, List<ConsoleLine>> _console = new();

    public void Set(DashboardResource resource) => _resources[resource.Name] = resource;

    public void Write(string resource, string text, bool isError = false)
    {
        var lines = _console.GetOrAdd(resource, _ => []);
        lock (lines)
        {
            lines.Add(new ConsoleLine(lines.Count + 1, DateTimeOffset.UtcNow, text, isError));
        }
    }

    public IReadOnlyList<DashboardResource> GetResources() => _resources.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<ConsoleLine>? GetConsoleLines(string resourceName, long afterLine = 0)
    {
        if (!_console.TryGetValue(resourceName, out var lines))
        {
            return _resources.ContainsKey(resourceName) ? [] : null;
        }

        lock (lines)
        {
            return lines.Where(l => l.LineNumber > afterLine).ToList();
        }
    }
}
