using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>
    /// A value from configuration <c>Parameters:&lt;name&gt;</c>. Without one, a secret parameter gets a
    /// random value for the run and any other parameter is an error at build time naming the key.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, defaultValue: null));

    /// <summary>A value from configuration <c>Parameters:&lt;name&gt;</c>, <paramref name="value"/> when there is none.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string value, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, value));
}
