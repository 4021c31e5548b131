using Microsoft.Extensions.Logging;

namespace VaultDemo.Hosting.Diagnostics;

/// <summary>What the AppHost's own integrations write to a resource's console (event ids 7000-7099). Never a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "The AppHost delivered a fresh wrapped secret id for AppRole {Role} (wrapping accessor {Accessor}); it is unwrapped by the service at start")]
    public static partial void SecretIdDelivered(ILogger logger, string role, string? accessor);
}
