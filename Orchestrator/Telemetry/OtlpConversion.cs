using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using VaultDemo.Orchestrator.Telemetry.Otlp;

namespace VaultDemo.Orchestrator.Telemetry;

/// <summary>Turns OTLP wire values into the plain values the stores keep and the dashboard shows.</summary>
internal static class OtlpConversion
{
    public static TelemetryResource ToResource(Resource? resource)
    {
        if (resource is null)
        {
            return TelemetryResource.Unknown;
        }

        string? name = null;
        string? instanceId = null;
        foreach (var attribute in resource.Attributes)
        {
            switch (attribute.Key)
            {
                case "service.name":
                    name = ToText(attribute.Value);
                    break;
                case "service.instance.id":
                    instanceId = ToText(attribute.Value);
                    break;
            }
        }

        return string.IsNullOrEmpty(name) ? TelemetryResource.Unknown with { InstanceId = instanceId } : new TelemetryResource(name, instanceId);
    }

    public static IReadOnlyDictionary<string, string> ToAttributes(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return EmptyAttributes;
        }

        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = ToText(attribute.Value);
        }

        return result;
    }

    public static string ToText(AnyValue? value) => value?.ValueCase switch
    {
        null or AnyValue.ValueOneofCase.None => "",
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(ToText)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {ToText(kv.Value)}")) + "}",
        _ => "",
    };

    /// <summary>Lower-case hex, as W3C traceparent writes ids; empty (absent) ids become null.</summary>
    public static string? ToHexId(ByteString id) => id.IsEmpty ? null : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset ToTimestamp(ulong unixNanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();
}
