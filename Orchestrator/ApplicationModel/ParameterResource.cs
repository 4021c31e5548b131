namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>
/// A named value given to resources: from configuration <c>Parameters:&lt;name&gt;</c>, or, for a secret
/// without one, generated for the run so that no password is ever a literal in code.
/// </summary>
public sealed class ParameterResource(string name, bool secret, string? defaultValue) : Resource(name), IValueProvider
{
    private string? _value;

    public bool Secret { get; } = secret;

    bool IValueProvider.IsSecret => Secret;

    /// <summary>The value used when configuration has none (null: generated when secret, else required).</summary>
    public string? DefaultValue { get; } = defaultValue;

    public string ConfigurationKey => $"Parameters:{Name}";

    /// <summary>The value, once the application is built.</summary>
    public string Value => _value ?? throw new InvalidOperationException($"Parameter '{Name}' has no value yet: values are resolved when the application is built.");

    public ValueTask<string> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Value);

    internal void Resolve(string value) => _value = value;
}
