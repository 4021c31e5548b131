namespace VaultDemo.VaultClient.Auth;

/// <summary>
/// AppRole credentials, each taken from a value or from a file. A secret-id file may hold a single-use
/// response-wrapping token instead of the secret id (<see cref="SecretIdIsWrapped"/>): the client checks
/// where it was created, unwraps it once and keeps the secret id only in memory.
/// </summary>
public sealed class AppRoleAuthOptions
{
    /// <summary>Mount path of the AppRole method, without <c>auth/</c>.</summary>
    public string MountPath { get; set; } = "approle";

    /// <summary>Role name; required to verify a wrapped secret id's creation path.</summary>
    public string? RoleName { get; set; }

    public string? RoleId { get; set; }

    public string? RoleIdFile { get; set; }

    public string? SecretId { get; set; }

    public string? SecretIdFile { get; set; }

    /// <summary>The secret id (value or file) is a response-wrapping token around the real secret id.</summary>
    public bool SecretIdIsWrapped { get; set; }

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(RoleId) || !string.IsNullOrWhiteSpace(RoleIdFile);
}
