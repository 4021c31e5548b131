using System.Globalization;

namespace VaultDemo.Orchestrator.ApplicationModel;

internal static class ResourceTypes
{
    /// <summary>The type shown for a resource: its class name without the "Resource" suffix.</summary>
    public static string Of(IResource resource)
    {
        var name = resource.GetType().Name;
        return name.EndsWith("Resource", StringComparison.Ordinal) ? name[..^"Resource".Length] : name;
    }

    /// <summary>"FailedToStart (dependency 'vault' failed)", "Finished with exit code 1", for messages.</summary>
    public static string Describe(ResourceSnapshot snapshot)
    {
        var text = snapshot.State.ToString();
        if (snapshot.ExitCode is { } exitCode)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" with exit code {exitCode}");
        }

        return snapshot.Message is null ? text : $"{text} ({snapshot.Message})";
    }
}
