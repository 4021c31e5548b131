namespace VaultDemo.Orchestrator.Installation;

/// <summary>A program a resource runs, how to find it, and which Debian package provides it.</summary>
/// <param name="DisplayName">What the program is, for messages ("PostgreSQL").</param>
/// <param name="Package">The Debian package that installs it.</param>
/// <param name="Locate">Returns the program's path, or null when it is not installed.</param>
public sealed record RequiredBinary(string DisplayName, string Package, Func<string?> Locate)
{
    public string InstallCommand => $"sudo apt-get install -y {Package}";
}
