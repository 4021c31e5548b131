namespace VaultDemo.Hosting.AppRoles;

/// <summary>
/// Leaves a service its AppRole login as two files only its user may read (0600 in a 0700 directory): the role id,
/// and a fresh secret id response-wrapped in a single-use token. Whoever delivers never sees the secret id itself,
/// and an unwrap by anyone but the service makes the service's own unwrap fail loudly.
/// </summary>
public sealed class AppRoleCredentialDelivery(VaultClient.VaultClient vault)
{
    public const string RoleIdFileName = "role-id";
    public const string SecretIdFileName = "secret-id";

    /// <summary>How long a wrapped secret id waits for its service; a service that starts later needs a new start.</summary>
    public static readonly TimeSpan DefaultWrapTtl = TimeSpan.FromMinutes(15);

    /// <returns>The accessor of the wrapping token (safe to log), for audit correlation.</returns>
    public async Task<string?> DeliverAsync(string role, string directory, TimeSpan wrapTtl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        StateDirectories.CreatePrivate(directory);

        var roleId = await vault.Admin.GetRoleIdAsync(role, cancellationToken: cancellationToken).ConfigureAwait(false);
        var wrapped = await vault.Admin.CreateWrappedSecretIdAsync(role, wrapTtl, cancellationToken: cancellationToken).ConfigureAwait(false);
        PrivateFiles.Write(Path.Combine(directory, RoleIdFileName), roleId);
        PrivateFiles.Write(Path.Combine(directory, SecretIdFileName), wrapped.Token);
        return wrapped.Accessor;
    }
}
