using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VaultDemo.VaultClient.Diagnostics;

namespace VaultDemo.VaultClient.Auth;

/// <summary>
/// AppRole login (VAULT-API 3.4). When the secret id arrives response-wrapped, the wrapping token is looked up first
/// and refused unless it was created at <c>auth/&lt;mount&gt;/role/&lt;role&gt;/secret-id</c> (anything else means someone
/// substituted it); it is then unwrapped exactly once and the secret id is kept in memory only, never written back.
/// </summary>
public sealed class AppRoleAuthMethod : IVaultAuthMethod
{
    private readonly AppRoleAuthOptions _options;
    private readonly ILogger _logger;
    private string? _unwrappedSecretId;

    public AppRoleAuthMethod(AppRoleAuthOptions options, ILogger<AppRoleAuthMethod>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new ArgumentException("AppRole needs a role id: set Vault:Auth:AppRole:RoleId or Vault:Auth:AppRole:RoleIdFile.", nameof(options));
        }

        if (options.SecretIdIsWrapped && string.IsNullOrWhiteSpace(options.RoleName))
        {
            throw new ArgumentException("A wrapped secret id is checked against its creation path: set Vault:Auth:AppRole:RoleName.", nameof(options));
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name => "approle";

    public bool IssuesTokens => true;

    /// <summary>The only creation path a wrapped secret id may have.</summary>
    public string ExpectedWrappingCreationPath => $"auth/{_options.MountPath.Trim('/')}/role/{_options.RoleName}/secret-id";

    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var roleId = _options.RoleId ?? await CredentialFile.ReadAsync(_options.RoleIdFile!, "Vault:Auth:AppRole:RoleIdFile", cancellationToken).ConfigureAwait(false);
        var secretId = await GetSecretIdAsync(client, cancellationToken).ConfigureAwait(false);
        return await client.Auth.LoginWithAppRoleAsync(roleId, secretId, _options.MountPath, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> GetSecretIdAsync(VaultClient client, CancellationToken cancellationToken)
    {
        if (_unwrappedSecretId is not null)
        {
            return _unwrappedSecretId;
        }

        string? value = _options.SecretId;
        if (value is null && _options.SecretIdFile is { } file)
        {
            value = await CredentialFile.ReadAsync(file, "Vault:Auth:AppRole:SecretIdFile", cancellationToken).ConfigureAwait(false);
        }

        if (value is null || !_options.SecretIdIsWrapped)
        {
            return value;
        }

        var source = _options.SecretIdFile is { } f ? $"the file '{f}'" : "Vault:Auth:AppRole:SecretId";
        VaultWrappingLookup lookup;
        try
        {
            lookup = await client.Wrapping.LookupAsync(value, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (e.IsInvalidWrappingToken || e.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden)
        {
            throw new VaultApiException(
                $"The wrapped AppRole secret id in {source} was already unwrapped, has expired or never existed. A wrapping token works once: have the bootstrapper deliver a new one.",
                e.StatusCode, e.Errors, e);
        }

        if (!string.Equals(lookup.CreationPath, ExpectedWrappingCreationPath, StringComparison.OrdinalIgnoreCase))
        {
            throw new VaultApiException(
                $"The wrapping token in {source} was created at '{lookup.CreationPath}', not '{ExpectedWrappingCreationPath}'; refusing to unwrap it (it may have been substituted).");
        }

        var data = await client.Wrapping.UnwrapSecretIdAsync(value, cancellationToken).ConfigureAwait(false);
        Log.SecretIdUnwrapped(_logger, lookup.CreationPath!);
        _unwrappedSecretId = data;
        return data;
    }
}
