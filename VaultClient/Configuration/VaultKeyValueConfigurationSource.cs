using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace VaultDemo.VaultClient.Configuration;

/// <summary>Configuration source for one KV v2 secret (see <see cref="VaultKeyValueConfigurationProvider"/>).</summary>
public sealed class VaultKeyValueConfigurationSource(VaultClient client, VaultKeyValueConfigurationOptions options, ILogger? logger = null) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new VaultKeyValueConfigurationProvider(client, options, logger);
}
