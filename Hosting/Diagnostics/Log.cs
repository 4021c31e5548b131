using Microsoft.Extensions.Logging;

namespace VaultDemo.Hosting.Diagnostics;

/// <summary>What the AppHost's own integrations write to a resource's console (event ids 7000-7099). Never a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "The AppHost delivered a fresh wrapped secret id for AppRole {Role} (wrapping accessor {Accessor}); it is unwrapped by the service at start")]
    public static partial void SecretIdDelivered(ILogger logger, string role, string? accessor);

    [LoggerMessage(7010, LogLevel.Information, "The AppHost initialised Vault ({Shares} key shares, threshold {Threshold}) and keeps the shares and the initial root token in 0600 files in {Directory}")]
    public static partial void VaultInitialized(ILogger logger, int shares, int threshold, string directory);

    [LoggerMessage(7011, LogLevel.Information, "The AppHost unsealed Vault with {Used} of its {Kept} key shares")]
    public static partial void VaultUnsealed(ILogger logger, int used, int kept);

    [LoggerMessage(7012, LogLevel.Error, "Vault is initialised but sealed, and its unseal keys are not at {Path}: the AppHost cannot unseal it. Put the keys back, or delete the AppHost's state directory to start afresh (losing what Vault holds)")]
    public static partial void UnsealKeysMissing(ILogger logger, string path);

    [LoggerMessage(7013, LogLevel.Error, "Vault is still sealed after the key shares in {Path}: they belong to another storage. Delete the AppHost's state directory to start afresh (losing what Vault holds)")]
    public static partial void UnsealKeysRejected(ILogger logger, string path);

    [LoggerMessage(7014, LogLevel.Warning, "Vault's storage is uninitialised while {Directory} holds key shares of an earlier one: initialising anew replaces them")]
    public static partial void ReplacingStaleKeys(ILogger logger, string directory);

    [LoggerMessage(7015, LogLevel.Error, "The AppHost could not initialise or unseal Vault")]
    public static partial void UnsealFailed(ILogger logger, Exception exception);
}
