using System.Text.Json;
using VaultDemo.Contracts;

namespace VaultDemo.WriterService.Outbox;

/// <summary>The message types the outbox may hold, by the name stored with each row.</summary>
internal static class OutboxMessages
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        [TypeName<SecretVersionWritten>()] = typeof(SecretVersionWritten),
    };

    public static string TypeName<T>() => typeof(T).Name;

    public static object Deserialize(string typeName, string payload) =>
        Types.TryGetValue(typeName, out var type)
            ? JsonSerializer.Deserialize(payload, type, JsonSerializerOptions.Web) ?? throw new JsonException($"Outbox payload of {typeName} is null.")
            : throw new JsonException($"Outbox holds an unknown message type {typeName}.");
}
