namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>The base of the generated <c>Projects.*</c> classes (see Orchestrator/build/ProjectResources.targets).</summary>
public abstract class ProjectMetadata(string projectPath, string targetPath) : IProjectMetadata
{
    public string ProjectPath { get; } = projectPath;

    public string? TargetPath { get; } = targetPath;
}
