using Aspire.Hosting.Publishing;

namespace VaultDemo.Hosting.Parameters;

public static class ParameterDefaults
{
    /// <summary>
    /// A parameter whose value comes from configuration (<c>Parameters:&lt;name&gt;</c>, e.g. <c>--Parameters:db-ttl=30s</c>)
    /// and is <paramref name="defaultValue"/> otherwise. Aspire's <c>AddParameter(name, value)</c> fixes the value instead:
    /// configuration does not override it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameterWithDefault(this IDistributedApplicationBuilder builder, string name, string defaultValue)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddParameter(name, new ConstantDefault(defaultValue));
    }

    private sealed class ConstantDefault(string value) : ParameterDefault
    {
        public override string GetDefaultValue() => value;

        public override void WriteToManifest(ManifestPublishingContext context) => context.Writer.WriteString("value", value);
    }
}
