namespace VaultDemo.ServiceDefaults.Tests.Otlp;

/// <summary>One received span with the service (resource) and instrumentation scope that sent it.</summary>
internal sealed record ReceivedSpan(string Service, string Scope, Span Span)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;

    public string Name => Span.Name;

    public string? Attribute(string key) => Span.Attributes.FirstOrDefault(attribute => attribute.Key == key)?.Value is { } value
        ? value.ValueCase == AnyValue.ValueOneofCase.IntValue ? value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.StringValue
        : null;
}
