using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// A .NET project referenced by the AppHost (<c>Projects.WriterService</c>, generated at build). It runs
    /// from the build output the AppHost's build produced, and exports telemetry to the AppHost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject());

    /// <summary>A .NET project by path; run with <c>dotnet run</c>, since its build output is not known.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath) =>
        builder.AddProject(name, new ProjectPathMetadata(Path.GetFullPath(projectPath)));

    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, IProjectMetadata project)
    {
        var resource = new ProjectResource(name, project);
        resource.Annotations.Add(new LauncherAnnotation(new ProcessLauncher(() => CommandFor(project))));
        return builder.AddResource(resource);
    }

    /// <summary>
    /// <c>dotnet &lt;dll&gt;</c> from the build output: one build of the AppHost built every referenced project,
    /// and starting a dll is seconds faster than <c>dotnet run</c>, which would check the build again per project.
    /// </summary>
    internal static ProcessCommand CommandFor(IProjectMetadata project)
    {
        var directory = Path.GetDirectoryName(project.ProjectPath)!;
        return project.TargetPath is { } dll && File.Exists(dll)
            ? new ProcessCommand("dotnet", [dll], directory)
            : new ProcessCommand("dotnet", ["run", "--project", project.ProjectPath, "--no-launch-profile", "--"], directory);
    }
}
