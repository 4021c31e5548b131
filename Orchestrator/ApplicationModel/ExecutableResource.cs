namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>Any program run as a child process.</summary>
public class ExecutableResource(string name, string command, string workingDirectory) : Resource(name), IResourceWithEnvironment, IResourceWithEndpoints
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>A .NET project run from its build output, with the ASP.NET Core and OpenTelemetry wiring Aspire gives projects.</summary>
public sealed class ProjectResource(string name, IProjectMetadata project)
    : ExecutableResource(name, "dotnet", Path.GetDirectoryName(project.ProjectPath)!)
{
    public IProjectMetadata Project { get; } = project;
}
