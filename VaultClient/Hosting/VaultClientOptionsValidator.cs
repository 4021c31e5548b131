using Microsoft.Extensions.Options;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>Fails the host at start with messages that name the configuration key to set.</summary>
internal sealed class VaultClientOptionsValidator(string connectionName) : IValidateOptions<VaultClientOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultClientOptions options)
    {
        var failures = new List<string>();
        if (options.Address is null)
        {
            failures.Add($"Vault's address is not configured: set Vault:Address, ConnectionStrings:{connectionName} or services:{connectionName}:http:0.");
        }
        else if (!options.Address.IsAbsoluteUri || options.Address.Scheme is not ("http" or "https"))
        {
            failures.Add($"Vault:Address '{options.Address}' must be an absolute http or https URI.");
        }

        if (options.AuthMethod is null)
        {
            var auth = options.Auth;
            switch (auth.EffectiveMethod)
            {
                case "approle":
                    if (!auth.AppRole.IsConfigured)
                    {
                        failures.Add("AppRole needs a role id: set Vault:Auth:AppRole:RoleId or Vault:Auth:AppRole:RoleIdFile.");
                    }

                    if (string.IsNullOrWhiteSpace(auth.AppRole.SecretId) && string.IsNullOrWhiteSpace(auth.AppRole.SecretIdFile))
                    {
                        failures.Add("AppRole needs a secret id: set Vault:Auth:AppRole:SecretIdFile (or Vault:Auth:AppRole:SecretId).");
                    }

                    if (auth.AppRole.SecretIdIsWrapped && string.IsNullOrWhiteSpace(auth.AppRole.RoleName))
                    {
                        failures.Add("A wrapped secret id is checked against its creation path: set Vault:Auth:AppRole:RoleName.");
                    }

                    break;
                case "token":
                    if (string.IsNullOrWhiteSpace(auth.Token) && string.IsNullOrWhiteSpace(auth.TokenFile))
                    {
                        failures.Add("Token auth needs a token: set Vault:Auth:TokenFile (or Vault:Auth:Token), or configure Vault:Auth:AppRole.");
                    }

                    break;
                default:
                    failures.Add($"Vault:Auth:Method '{auth.Method}' is not supported; use 'token' or 'approle'.");
                    break;
            }
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Vault:RequestTimeout must be positive.");
        }

        if (options.LatestReadCacheDuration < TimeSpan.Zero)
        {
            failures.Add("Vault:LatestReadCacheDuration cannot be negative (0 disables the cache).");
        }

        if (options.LatestReadCacheSize <= 0)
        {
            failures.Add("Vault:LatestReadCacheSize must be positive (set Vault:LatestReadCacheDuration to 0 to disable the cache).");
        }

        if (options.VersionedReadCacheSize < 0)
        {
            failures.Add("Vault:VersionedReadCacheSize cannot be negative (0 disables the cache).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
