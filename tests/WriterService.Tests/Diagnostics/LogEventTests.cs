using System.Reflection;
using Microsoft.Extensions.Logging;

namespace VaultDemo.WriterService.Tests.Diagnostics;

/// <summary>Log events are source-generated with ids that stay put: dashboards and alerts key on them.</summary>
public sealed class LogEventTests
{
    [Theory]
    [InlineData(typeof(WriterRegistration), 3000, 3999)]
    [InlineData(typeof(VaultBootstrapper.Bootstrapper), 5000, 5999)]
    public void EveryEventHasItsOwnIdInTheComponentsRange(Type component, int first, int last)
    {
        var ids = component.Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, first, last));
    }
}
