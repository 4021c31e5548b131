using System.Globalization;
using VaultDemo.VaultClient;
using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper.Delivery;

/// <summary>
/// Leaves a service its AppRole credentials as two files only it may read (0600 in its 0700 directory): the role id,
/// and a secret id wrapped in a single-use token, so the bootstrapper never holds the secret id and a second unwrap
/// (someone read the file first) fails loudly at the service. Files that are still usable are left alone.
/// </summary>
public sealed class CredentialDelivery(VaultClient.VaultClient vault, IOptions<BootstrapOptions> options, TimeProvider time, ILogger<CredentialDelivery> logger)
{
    public const string RoleIdFileName = "role-id";
    public const string SecretIdFileName = "secret-id";

    /// <summary>A wrapped secret id closer than this to its expiry is replaced rather than left for the service to miss.</summary>
    private static readonly TimeSpan MinimumRemainingWrapTtl = TimeSpan.FromMinutes(1);

    public async Task DeliverAsync(string service, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var roleIdPath = Path.Combine(directory, RoleIdFileName);
        var secretIdPath = Path.Combine(directory, SecretIdFileName);

        var roleId = await vault.Admin.GetRoleIdAsync(service, cancellationToken: cancellationToken);
        var roleIdCurrent = File.Exists(roleIdPath) && File.ReadAllText(roleIdPath).Trim() == roleId;
        if (!roleIdCurrent)
        {
            WritePrivate(roleIdPath, roleId);
        }

        if (roleIdCurrent && await IsUsableWrappedSecretIdAsync(service, secretIdPath, cancellationToken))
        {
            Log.CredentialsStillUsable(logger, service, directory);
            return;
        }

        var wrapTtl = VaultDuration.Parse(options.Value.SecretIdWrapTtl, "Bootstrap:SecretIdWrapTtl");
        var wrapped = await vault.Admin.CreateWrappedSecretIdAsync(service, wrapTtl, cancellationToken: cancellationToken);
        WritePrivate(secretIdPath, wrapped.Token);
        Log.CredentialsDelivered(logger, service, wrapped.Accessor, wrapTtl);
    }

    private async Task<bool> IsUsableWrappedSecretIdAsync(string service, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            var lookup = await vault.Wrapping.LookupAsync(File.ReadAllText(path).Trim(), cancellationToken);
            var expiresAt = DateTimeOffset.Parse(lookup.CreationTime ?? "", CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(lookup.CreationTtl);
            return lookup.CreationPath == $"auth/approle/role/{service}/secret-id" && expiresAt - time.GetUtcNow() > MinimumRemainingWrapTtl;
        }
        catch (Exception e) when (e is VaultApiException or FormatException)
        {
            return false; // unwrapped already, expired, or not a wrapping token: deliver a new one
        }
    }

    /// <summary>Writes through a temporary file created 0600 and renamed over the target, so no reader ever sees a partial or wider-open file.</summary>
    private static void WritePrivate(string path, string content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }
}
