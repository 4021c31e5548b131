namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>
/// A .NET project the AppHost runs. The build generates one class per project reference marked as a
/// resource (<c>Projects.WriterService</c>, ...), as Aspire does, so topology code names projects by type.
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The .csproj file.</summary>
    string ProjectPath { get; }

    /// <summary>The built assembly (run with <c>dotnet &lt;dll&gt;</c>); null when not known at build time.</summary>
    string? TargetPath { get; }
}

/// <summary>A project known only by its path, for <c>AddProject(name, path)</c>.</summary>
public sealed record ProjectPathMetadata(string ProjectPath, string? TargetPath = null) : IProjectMetadata;
