using DevVault.Core;

namespace DevVault.KeyValue;

public static class KeyValueRegistration
{
    /// <summary>Registers the <c>kv</c> secrets engine: version 2 when the mount's <c>options.version</c> is "2", else version 1.</summary>
    public static IServiceCollection AddKeyValueEngine(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration(
            "kv",
            false,
            context => context.Mount.Options.GetValueOrDefault("version") == "2" ? new KvV2Backend(context) : new KvV1Backend(context)));
}
