using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Policies;
using DevVault.Tokens;

namespace DevVault.Audit;

/// <summary>
/// Renders audit entries in Vault's JSON shape (VAULT-API.md 7): tokens, accessors and every string value in
/// request and response data are HMAC'd with the device salt, except RFC3339 timestamps and non-HMAC keys.
/// </summary>
public static class AuditEntryFormatter
{
    public static string Format(AuditDevice device, DateTimeOffset time, LogicalRequest request, AclDecision? decision, LogicalResponse? response, VaultException? error, bool isResponse)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, VaultJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("type", isResponse ? "response" : "request");
            if (request.Token is { } token)
            {
                writer.WritePropertyName("auth");
                WriteTokenAuth(writer, device, token, decision, time);
            }

            writer.WritePropertyName("request");
            WriteRequest(writer, device, request);
            if (isResponse && response is not null)
            {
                writer.WritePropertyName("response");
                WriteResponse(writer, device, request, response);
            }

            if (error is not null)
            {
                writer.WriteString("error", string.Join("; ", error.Errors));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTokenAuth(Utf8JsonWriter writer, AuditDevice device, TokenEntry token, AclDecision? decision, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteString("client_token", Secret(device, token.Id));
        writer.WriteString("accessor", Accessor(device, token.Accessor));
        writer.WriteString("display_name", token.DisplayName);
        WriteStrings(writer, "policies", token.Policies);
        WriteStrings(writer, "token_policies", token.Policies);
        if (token.Meta.Count > 0)
        {
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in token.Meta)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (token.EntityId.Length > 0)
        {
            writer.WriteString("entity_id", token.EntityId);
        }

        writer.WriteString("token_type", token.Type);
        if (token.ExpireTime is { } expire)
        {
            writer.WriteNumber("token_ttl", Math.Max(0, (long)(expire - now).TotalSeconds));
        }

        writer.WriteString("token_issue_time", token.CreationTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        if (decision is not null)
        {
            writer.WriteStartObject("policy_results");
            writer.WriteBoolean("allowed", decision.Allowed);
            writer.WriteStartArray("granting_policies");
            foreach (var policy in decision.GrantingPolicies)
            {
                writer.WriteStartObject();
                writer.WriteString("name", policy);
                writer.WriteString("namespace_id", "root");
                writer.WriteString("type", "acl");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter writer, AuditDevice device, LogicalRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("id", request.Id);
        writer.WriteString("operation", request.Operation.ToWire());
        WriteMount(writer, request);
        if (request.Token is { } token)
        {
            writer.WriteString("client_token", Secret(device, token.Id));
            writer.WriteString("client_token_accessor", Accessor(device, token.Accessor));
        }

        writer.WriteStartObject("namespace");
        writer.WriteString("id", "root");
        writer.WriteEndObject();
        writer.WriteString("path", request.Path);
        if (request.Data.Count > 0)
        {
            writer.WritePropertyName("data");
            WriteHashed(writer, device, request.Data, request.Mount?.AuditNonHmacRequestKeys ?? []);
        }

        writer.WriteString("remote_address", request.RemoteAddress);
        writer.WriteNumber("remote_port", request.RemotePort);
        if (request.WrapTtl is { } wrapTtl)
        {
            writer.WriteNumber("wrap_ttl", wrapTtl.ToSeconds());
        }

        writer.WriteEndObject();
    }

    private static void WriteResponse(Utf8JsonWriter writer, AuditDevice device, LogicalRequest request, LogicalResponse response)
    {
        writer.WriteStartObject();
        WriteMount(writer, request);

        var data = response.Data;
        JsonObject? rawAuth = null;
        if (response.RawJson is { Length: > 0 } raw && JsonNode.Parse(raw) is JsonObject original)
        {
            data = original["data"] as JsonObject ?? original;
            rawAuth = original["auth"] as JsonObject;
        }

        if (response.Auth is { } auth)
        {
            writer.WriteStartObject("auth");
            writer.WriteString("client_token", Secret(device, auth.ClientToken));
            writer.WriteString("accessor", Accessor(device, auth.Accessor));
            writer.WriteString("display_name", auth.DisplayName);
            WriteStrings(writer, "policies", auth.Policies);
            WriteStrings(writer, "token_policies", auth.Policies);
            writer.WriteNumber("token_ttl", auth.Ttl.ToSeconds());
            writer.WriteString("token_type", auth.TokenType);
            writer.WriteEndObject();
        }
        else if (rawAuth is not null)
        {
            writer.WriteStartObject("auth");
            writer.WriteString("client_token", Secret(device, rawAuth["client_token"]?.GetValue<string>() ?? ""));
            writer.WriteString("accessor", Accessor(device, rawAuth["accessor"]?.GetValue<string>() ?? ""));
            writer.WriteEndObject();
        }

        if (response.Secret is { } secret)
        {
            writer.WriteStartObject("secret");
            writer.WriteString("lease_id", secret.LeaseId);
            writer.WriteEndObject();
        }

        if (data is not null)
        {
            writer.WritePropertyName("data");
            if (device.ElideListResponses && data["keys"] is JsonArray keys)
            {
                writer.WriteStartObject();
                writer.WriteNumber("keys", keys.Count);
                writer.WriteEndObject();
            }
            else
            {
                WriteHashed(writer, device, data, request.Mount?.AuditNonHmacResponseKeys ?? []);
            }
        }

        if (response.Warnings.Count > 0)
        {
            WriteStrings(writer, "warnings", response.Warnings);
        }

        if (response.WrapInfo is { } wrap)
        {
            writer.WriteStartObject("wrap_info");
            writer.WriteNumber("ttl", wrap.Ttl.ToSeconds());
            writer.WriteString("token", Secret(device, wrap.Token));
            writer.WriteString("accessor", Accessor(device, wrap.Accessor));
            writer.WriteString("creation_time", VaultJson.Rfc3339(wrap.CreationTime));
            writer.WriteString("creation_path", wrap.CreationPath);
            if (wrap.WrappedAccessor is { } wrapped)
            {
                writer.WriteString("wrapped_accessor", Accessor(device, wrapped));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteMount(Utf8JsonWriter writer, LogicalRequest request)
    {
        if (request.Mount is { } mount)
        {
            writer.WriteString("mount_point", mount.Path);
            writer.WriteString("mount_type", mount.Type);
            writer.WriteString("mount_accessor", mount.Accessor);
        }
    }

    private static void WriteHashed(Utf8JsonWriter writer, AuditDevice device, JsonNode? node, IReadOnlyList<string> plainKeys)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    writer.WritePropertyName(key);
                    if (plainKeys.Contains(key))
                    {
                        WriteNode(writer, value);
                    }
                    else
                    {
                        WriteHashed(writer, device, value, []);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteHashed(writer, device, item, []);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                writer.WriteStringValue(device.LogRaw || IsTimestamp(text) ? text : device.Hash(text));
                break;
            default:
                WriteNode(writer, node);
                break;
        }
    }

    private static bool IsTimestamp(string text) =>
        text.Length >= 20 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[10] == 'T'
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private static string Secret(AuditDevice device, string value) => device.LogRaw ? value : device.Hash(value);

    private static string Accessor(AuditDevice device, string value) => device.LogRaw || !device.HmacAccessor ? value : device.Hash(value);

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
