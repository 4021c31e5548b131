namespace DevVault.Configuration;

/// <summary>A configuration the server cannot start with: malformed, or asking for something DevVault cannot honour.</summary>
public sealed class ConfigException(string message) : Exception(message)
{
    public static ConfigException At(ConfigPosition position, string message) =>
        new($"{position.File}:{position.Line}:{position.Column}: {message}");
}
