using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Http;

/// <summary>Renders logical responses as Vault's JSON envelope (VAULT-API.md 0.3) and errors as <c>{"errors":[...]}</c>.</summary>
public static class EnvelopeWriter
{
    private const string JsonContentType = "application/json";

    // Vault copies data keys to the top level on these routes (http/handler.go injectDataIntoTopRoutes).
    private static readonly HashSet<string> TopLevelExact = new(StringComparer.Ordinal)
    {
        "sys/audit", "sys/auth", "sys/config/cors", "sys/config/auditing/request-headers", "sys/capabilities",
        "sys/capabilities-accessor", "sys/capabilities-self", "sys/ha-status", "sys/key-status", "sys/mounts",
        "sys/policy", "sys/rekey/backup", "sys/rekey/recovery-key-backup", "sys/remount", "sys/rotate", "sys/wrapping/wrap",
    };

    private static readonly string[] TopLevelPrefixes =
        ["sys/audit/", "sys/audit-hash/", "sys/auth/", "sys/config/auditing/request-headers/", "sys/mounts/", "sys/policy/"];

    public static async Task WriteAsync(HttpResponse http, LogicalRequest request, LogicalResponse? response)
    {
        if (response?.RawBody is { } body)
        {
            http.StatusCode = response.StatusCode ?? 200;
            http.ContentType = response.RawContentType;
            await http.Body.WriteAsync(body);
            return;
        }

        http.ContentType = JsonContentType;
        if (response?.RawJson is { } raw)
        {
            http.StatusCode = response.StatusCode ?? 200;
            if (raw.Length > 0)
            {
                await http.WriteAsync(raw);
            }

            return;
        }

        if (response is null || response.IsEmpty)
        {
            http.StatusCode = response?.StatusCode ?? 204;
            return;
        }

        http.StatusCode = response.StatusCode ?? 200;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, VaultJson.WriterOptions))
        {
            WriteEnvelope(writer, request.Id, request, response);
        }

        await http.Body.WriteAsync(buffer.WrittenMemory);
    }

    /// <summary>The envelope as a string, as response wrapping stores it for a later unwrap.</summary>
    public static string ToJson(LogicalRequest request, LogicalResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, VaultJson.WriterOptions))
        {
            WriteEnvelope(writer, request.Id, request, response);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static async Task WriteErrorAsync(HttpResponse http, VaultException error)
    {
        http.StatusCode = error.StatusCode;
        http.ContentType = JsonContentType;
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, VaultJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            foreach (var message in error.Errors)
            {
                writer.WriteStringValue(message);
            }

            writer.WriteEndArray();
            if (error.ErrorData is { } data)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        await http.Body.WriteAsync(buffer.WrittenMemory);
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, string requestId, LogicalRequest request, LogicalResponse response)
    {
        var wrapped = response.WrapInfo is not null;
        writer.WriteStartObject();

        if (!wrapped && response.Data is { } top && CopiesDataToTopLevel(request.Path))
        {
            foreach (var (key, value) in top)
            {
                writer.WritePropertyName(key);
                WriteNode(writer, value);
            }
        }

        writer.WriteString("request_id", wrapped ? "" : requestId);
        writer.WriteString("lease_id", wrapped ? "" : response.Secret?.LeaseId ?? "");
        writer.WriteBoolean("renewable", !wrapped && (response.Secret?.Renewable ?? false));
        writer.WriteNumber("lease_duration", wrapped || response.Secret is null ? 0 : response.Secret.Ttl.ToSeconds());

        writer.WritePropertyName("data");
        if (wrapped || response.Data is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            response.Data.WriteTo(writer);
        }

        writer.WritePropertyName("wrap_info");
        if (response.WrapInfo is { } wrap)
        {
            writer.WriteStartObject();
            writer.WriteString("token", wrap.Token);
            writer.WriteString("accessor", wrap.Accessor);
            writer.WriteNumber("ttl", wrap.Ttl.ToSeconds());
            writer.WriteString("creation_time", VaultJson.Rfc3339(wrap.CreationTime));
            writer.WriteString("creation_path", wrap.CreationPath);
            if (wrap.WrappedAccessor is { } wrappedAccessor)
            {
                writer.WriteString("wrapped_accessor", wrappedAccessor);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("warnings");
        if (wrapped || response.Warnings.Count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartArray();
            foreach (var warning in response.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        writer.WritePropertyName("auth");
        if (!wrapped && response.Auth is { } auth)
        {
            WriteAuth(writer, auth);
        }
        else
        {
            writer.WriteNullValue();
        }

        var mountType = request.Mount?.Type;
        writer.WriteString("mount_type", wrapped || mountType is null or "system" ? "" : mountType);
        writer.WriteEndObject();
    }

    private static void WriteAuth(Utf8JsonWriter writer, AuthInfo auth)
    {
        writer.WriteStartObject();
        writer.WriteString("client_token", auth.ClientToken);
        writer.WriteString("accessor", auth.Accessor);
        WriteStrings(writer, "policies", auth.Policies);
        WriteStrings(writer, "token_policies", auth.Policies);
        writer.WritePropertyName("metadata");
        if (auth.Metadata.Count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (key, value) in auth.Metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("lease_duration", auth.Ttl.ToSeconds());
        writer.WriteBoolean("renewable", auth.Renewable);
        writer.WriteString("entity_id", auth.EntityId);
        writer.WriteString("token_type", auth.TokenType);
        writer.WriteBoolean("orphan", auth.Orphan);
        writer.WriteNull("mfa_requirement");
        writer.WriteNumber("num_uses", auth.NumUses);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, List<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

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

    private static bool CopiesDataToTopLevel(string path)
    {
        if (!path.StartsWith("sys/", StringComparison.Ordinal))
        {
            return false;
        }

        var trimmed = path.TrimEnd('/');
        if (TopLevelExact.Contains(trimmed))
        {
            return true;
        }

        foreach (var prefix in TopLevelPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
