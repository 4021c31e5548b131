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

    /// <summary>
    /// A secret parameter that configuration (<c>Parameters:&lt;name&gt;</c>) may set, and that is otherwise generated on
    /// the first run and kept in <c>&lt;state directory&gt;/parameters/&lt;name&gt;</c> (0600) for the next: for secrets that
    /// data kept between runs was made with, such as PostgreSQL's superuser password.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddPersistedSecretParameter(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var file = Path.Combine(builder.GetPersistentStateDirectory("parameters"), name);
        return builder.AddParameter(name, new PersistedSecretDefault(file), secret: true);
    }

    private sealed class ConstantDefault(string value) : ParameterDefault
    {
        public override string GetDefaultValue() => value;

        public override void WriteToManifest(ManifestPublishingContext context) => context.Writer.WriteString("value", value);
    }
}
