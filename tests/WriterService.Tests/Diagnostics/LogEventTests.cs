using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using VaultDemo.TestSupport;

namespace VaultDemo.WriterService.Tests.Diagnostics;

/// <summary>Log events are source-generated with ids that stay put: dashboards and alerts key on them.</summary>
public sealed partial class LogEventTests
{
    [Theory]
    [InlineData("WriterService", 3000, 3999)]
    [InlineData("ReaderWorker", 4000, 4999)]
    [InlineData("VaultBootstrapper", 5000, 5999)]
    public void EveryEventHasItsOwnIdInTheComponentsRange(string component, int first, int last)
    {
        var ids = Assembly.Load(component).GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, first, last));
    }

    /// <summary>
    /// A direct <c>logger.LogInformation(...)</c> logs event id 0, which no dashboard can key on, and formats its message
    /// on every call: the services log only through their <c>Diagnostics/Log.cs</c>. The source is read, not a run, so
    /// a call on a path no test takes is caught too.
    /// </summary>
    [Theory]
    [InlineData("WriterService")]
    [InlineData("ReaderWorker")]
    [InlineData("VaultBootstrapper")]
    public void NoServiceCallsTheLoggerDirectly(string project)
    {
        var directory = Path.Combine(RepositoryPaths.Root, project);
        var calls = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(Path.GetRelativePath(directory, file)))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: file, Line: index + 1, Text: line)))
            .Where(line => DirectLoggerCall().IsMatch(line.Text))
            .Select(line => $"{Path.GetRelativePath(RepositoryPaths.Root, line.File)}:{line.Line}: {line.Text.Trim()}");

        Assert.Empty(calls);
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    // logger.Log(...), logger.LogWarning(...) and the like; Log.Something(logger, ...) does not match.
    [GeneratedRegex(@"\.Log(Trace|Debug|Information|Warning|Error|Critical)?\s*\(")]
    private static partial Regex DirectLoggerCall();
}
