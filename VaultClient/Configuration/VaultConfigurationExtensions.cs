using Microsoft.Extensions.Logging;
using VaultDemo.VaultClient;
using VaultDemo.VaultClient.Configuration;

namespace Microsoft.Extensions.Configuration;

public static class VaultConfigurationExtensions
{
    /// <summary>
    /// Adds one KV v2 secret as configuration, reloaded when its version changes. The client must be able to
    /// authenticate on its own (run its <c>Token.RunAsync</c> for long-lived use, or share the DI client's token).
    /// </summary>
    public static IConfigurationBuilder AddVaultKeyValue(this IConfigurationBuilder builder, VaultDemo.VaultClient.VaultClient client, string path, Action<VaultKeyValueConfigurationOptions>? configure = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new VaultKeyValueConfigurationOptions { Path = path };
        configure?.Invoke(options);
        return builder.Add(new VaultKeyValueConfigurationSource(client, options, logger));
    }
}
