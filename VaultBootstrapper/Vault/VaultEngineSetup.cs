using VaultDemo.Contracts;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper.Vault;

/// <summary>Audit first (so everything after it is audited), then the engines and auth method the services use.</summary>
public sealed class VaultEngineSetup(VaultClient.VaultClient vault, IOptions<BootstrapOptions> options, ILogger<VaultEngineSetup> logger)
{
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var admin = vault.Admin;
        var auditLog = options.Value.AuditLogPath;
        if (!string.IsNullOrWhiteSpace(auditLog))
        {
            Report("audit device file/", await admin.EnableAuditDeviceAsync("file", "file", new Dictionary<string, string> { ["file_path"] = auditLog }, "VaultDemo audit log; values are HMAC'd", cancellationToken));
        }

        Report("secrets engine secret/ (kv-v2)", await admin.EnableSecretsEngineAsync("secret", "kv-v2", cancellationToken: cancellationToken));
        Report("secrets engine transit/", await admin.EnableSecretsEngineAsync("transit", "transit", cancellationToken: cancellationToken));
        Report("secrets engine database/", await admin.EnableSecretsEngineAsync("database", "database", cancellationToken: cancellationToken));
        Report("auth method approle/", await admin.EnableAuthMethodAsync("approle", "approle", cancellationToken: cancellationToken));

        // Creating an existing transit key is a no-op in Vault (it answers with the key and a warning).
        await admin.CreateTransitKeyAsync(AppSecrets.TransitKey, cancellationToken: cancellationToken);
        Log.TransitKeyInPlace(logger, AppSecrets.TransitKey);
    }

    private void Report(string what, bool changed)
    {
        if (changed)
        {
            Log.Enabled(logger, what);
        }
        else
        {
            Log.AlreadyEnabled(logger, what);
        }
    }
}
