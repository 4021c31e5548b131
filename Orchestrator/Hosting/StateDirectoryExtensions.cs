namespace VaultDemo.Orchestrator.Hosting;

public static class StateDirectoryExtensions
{
    /// <summary>
    /// The private directory of a resource in this run (<c>&lt;state&gt;/&lt;name&gt;</c>, mode 0700, created when the
    /// application starts, before any resource does), e.g. where the bootstrapper leaves a service its AppRole files.
    /// </summary>
    public static string GetResourceStateDirectory(this IDistributedApplicationBuilder builder, string resourceName) =>
        Path.Combine(builder.StateDirectory, resourceName);
}
