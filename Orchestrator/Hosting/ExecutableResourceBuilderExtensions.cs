using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Hosting;

public static class ExecutableResourceBuilderExtensions
{
    /// <summary>Any program, found on PATH or by path, run in <paramref name="workingDirectory"/>.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var directory = Path.GetFullPath(workingDirectory);
        var resource = new ExecutableResource(name, command, directory);
        resource.Annotations.Add(new LauncherAnnotation(new ProcessLauncher(() => new ProcessCommand(command, [], directory))));
        var resourceBuilder = builder.AddResource(resource);
        return args.Length == 0 ? resourceBuilder : resourceBuilder.WithArgs(args);
    }
}
