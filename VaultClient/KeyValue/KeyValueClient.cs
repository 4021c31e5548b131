using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.KeyValue;

/// <summary>
/// The KV version 2 API of one mount (VAULT-API 4). Data is deserialised into your type with
/// <see cref="VaultClientOptions.KeyValueSerializerOptions"/> or a source-generated <see cref="JsonTypeInfo{T}"/>.
/// </summary>
public sealed class KeyValueClient
{
    private readonly VaultTransport _transport;
    private readonly VaultTelemetry _telemetry;
    private readonly KvReadCache _cache;
    private readonly JsonSerializerOptions _serializerOptions;

    internal KeyValueClient(string mount, VaultTransport transport, VaultTelemetry telemetry, KvReadCache cache, JsonSerializerOptions serializerOptions)
    {
        Mount = VaultPath.Trim(mount);
        _transport = transport;
        _telemetry = telemetry;
        _cache = cache;
        _serializerOptions = serializerOptions;
    }

    public string Mount { get; }

    /// <summary>Reads the latest version, or <paramref name="version"/>. Null when the key or version does not exist.</summary>
    public Task<KvSecret<T>?> ReadAsync<T>(string path, int? version = null, CancellationToken cancellationToken = default) =>
        ReadAsync(path, version, data => data.IsEmpty ? default : JsonSerializer.Deserialize<T>(data.Span, _serializerOptions), cancellationToken);

    /// <inheritdoc cref="ReadAsync{T}(string, int?, CancellationToken)"/>
    public Task<KvSecret<T>?> ReadAsync<T>(string path, JsonTypeInfo<T> typeInfo, int? version = null, CancellationToken cancellationToken = default) =>
        ReadAsync(path, version, data => data.IsEmpty ? default : JsonSerializer.Deserialize(data.Span, typeInfo), cancellationToken);

    /// <summary>Reads a version as a string map, the shape most secrets have.</summary>
    public Task<KvSecret<Dictionary<string, string>>?> ReadAsync(string path, int? version = null, CancellationToken cancellationToken = default) =>
        ReadAsync(path, VaultJsonContext.Default.DictionaryStringString, version, cancellationToken);

    /// <summary>Writes a new version. <paramref name="checkAndSet"/>: 0 = only if absent, N = only if the current version is N.</summary>
    public async Task<KvVersionMetadata> WriteAsync<T>(string path, T data, int? checkAndSet = null, CancellationToken cancellationToken = default)
    {
        VaultPath.Validate(path, nameof(path));
        var body = WriteDataBody(data, checkAndSet);
        var request = new VaultRequest(HttpMethod.Post, VaultPath.Combine(Mount, "data", path), "kv.write") { Body = body };
        return await SendVersionWriteAsync(path, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Merges <paramref name="partial"/> into the latest version (JSON merge patch; null removes a key), creating a new version.</summary>
    public async Task<KvVersionMetadata> PatchAsync<T>(string path, T partial, int? checkAndSet = null, CancellationToken cancellationToken = default)
    {
        VaultPath.Validate(path, nameof(path));
        var request = new VaultRequest(VaultRequest.Patch, VaultPath.Combine(Mount, "data", path), "kv.patch") { Body = WriteDataBody(partial, checkAndSet), IsMergePatch = true };
        return await SendVersionWriteAsync(path, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the key's metadata (all versions); null when the key does not exist.</summary>
    public Task<KvMetadata?> ReadMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        VaultPath.Validate(path, nameof(path));
        var request = new VaultRequest(HttpMethod.Get, VaultPath.Combine(Mount, "metadata", path), "kv.read-metadata") { AllowNotFound = true };
        return _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseKvMetadata, cancellationToken);
    }

    public Task WriteMetadataAsync(string path, KvMetadataUpdate update, CancellationToken cancellationToken = default)
    {
        VaultPath.Validate(path, nameof(path));
        var body = JsonSerializer.SerializeToUtf8Bytes(update, VaultJsonContext.Default.KvMetadataUpdate);
        return _transport.SendAsync(new VaultRequest(HttpMethod.Post, VaultPath.Combine(Mount, "metadata", path), "kv.write-metadata") { Body = body }, cancellationToken);
    }

    /// <summary>Lists keys directly under <paramref name="path"/> (folders end in <c>/</c>); empty when there are none.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path = "", CancellationToken cancellationToken = default)
    {
        var trimmed = VaultPath.Trim(path);
        var logical = trimmed.Length == 0 ? Mount + "/metadata/" : VaultPath.Combine(Mount, "metadata", trimmed) + "/";
        var request = new VaultRequest(VaultRequest.List, logical, "kv.list") { AllowNotFound = true };
        var data = await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseVaultKeyList, cancellationToken).ConfigureAwait(false);
        return data?.Keys ?? [];
    }

    /// <summary>Soft-deletes the latest version (it can be undeleted).</summary>
    public async Task DeleteLatestAsync(string path, CancellationToken cancellationToken = default)
    {
        VaultPath.Validate(path, nameof(path));
        var key = CacheKey(path);
        _cache.Invalidate(key, versionsToo: false);
        await _transport.SendAsync(new VaultRequest(HttpMethod.Delete, VaultPath.Combine(Mount, "data", path), "kv.delete"), cancellationToken).ConfigureAwait(false);
        _cache.Deleted(key);
    }

    public Task DeleteVersionsAsync(string path, IEnumerable<int> versions, CancellationToken cancellationToken = default) =>
        VersionsOperationAsync("delete", path, versions, versionsToo: true, cancellationToken);

    public Task UndeleteVersionsAsync(string path, IEnumerable<int> versions, CancellationToken cancellationToken = default) =>
        VersionsOperationAsync("undelete", path, versions, versionsToo: false, cancellationToken);

    /// <summary>Permanently removes the data of these versions.</summary>
    public Task DestroyVersionsAsync(string path, IEnumerable<int> versions, CancellationToken cancellationToken = default) =>
        VersionsOperationAsync("destroy", path, versions, versionsToo: true, cancellationToken);

    /// <summary>Permanently deletes the key: every version and its metadata.</summary>
    public async Task DeleteMetadataAsync(string path, CancellationToken cancellationToken = default)
    {
        VaultPath.Validate(path, nameof(path));
        var key = CacheKey(path);
        _cache.Invalidate(key, versionsToo: true);
        await _transport.SendAsync(new VaultRequest(HttpMethod.Delete, VaultPath.Combine(Mount, "metadata", path), "kv.delete-metadata"), cancellationToken).ConfigureAwait(false);
        _cache.Deleted(key);
    }

    private async Task<KvSecret<T>?> ReadAsync<T>(string path, int? version, Func<ReadOnlyMemory<byte>, T?> deserialize, CancellationToken cancellationToken)
    {
        VaultPath.Validate(path, nameof(path));
        if (version is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "KV versions start at 1; pass null for the latest.");
        }

        var key = CacheKey(path);
        if (version is { } v ? _cache.TryGetVersion(key, v, out var hit) : _cache.TryGetLatest(key, out hit))
        {
            _telemetry.CacheHit(version is null ? "latest" : "version");
            return new KvSecret<T>(deserialize(hit.Data), hit.Metadata);
        }

        _telemetry.CacheMiss(version is null ? "latest" : "version");
        var logical = VaultPath.Combine(Mount, "data", key.Path);
        var request = new VaultRequest(HttpMethod.Get, version is { } n ? string.Concat(logical, "?version=", n.ToString(System.Globalization.CultureInfo.InvariantCulture)) : logical, "kv.read")
        {
            AllowNotFound = true,
        };
        var requestedAt = _cache.Now;
        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.HasBody)
        {
            return null;
        }

        var (data, metadata) = ParseDataResponse(response.Body, request);
        if (metadata is null)
        {
            // A 404 without metadata is a missing key or version; with metadata it is a deleted one (VAULT-API 4.4).
            return response.IsNotFound ? null : throw new VaultApiException($"Vault's answer to kv.read {request.Path} had no metadata.", response.StatusCode);
        }

        var secret = new KvSecret<T>(response.IsNotFound ? default : deserialize(data), metadata);
        if (!response.IsNotFound && !secret.IsDeleted)
        {
            var entry = new CachedVersion(data, metadata);
            _cache.AddVersion(key, entry);
            if (version is null)
            {
                _cache.AddLatest(key, entry, requestedAt);
            }
        }

        return secret;
    }

    /// <summary>Finds <c>data.data</c> (kept as a slice, no copy) and <c>data.metadata</c> in one forward pass.</summary>
    internal static (ReadOnlyMemory<byte> Data, KvVersionMetadata? Metadata) ParseDataResponse(byte[] body, VaultRequest request)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            ReadOnlyMemory<byte> data = default;
            KvVersionMetadata? metadata = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("expected an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (!isData || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("data"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.Null)
                        {
                            var start = (int)reader.TokenStartIndex;
                            reader.Skip();
                            data = body.AsMemory(start, (int)reader.BytesConsumed - start);
                        }
                    }
                    else if (reader.ValueTextEquals("metadata"u8))
                    {
                        reader.Read();
                        metadata = JsonSerializer.Deserialize(ref reader, VaultJsonContext.Default.KvVersionMetadata);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }

            return (data, metadata);
        }
        catch (JsonException e)
        {
            throw new VaultApiException($"Vault's answer to {request.Operation} {request.Path} could not be read: {e.Message}", System.Net.HttpStatusCode.OK, innerException: e);
        }
    }

    /// <summary>
    /// Sends a write or patch. Latest is dropped first (if the outcome stays unknown, the old version is not served
    /// again) and, once Vault has answered, no read of this client returns a version older than the new one.
    /// </summary>
    private async Task<KvVersionMetadata> SendVersionWriteAsync(string path, VaultRequest request, CancellationToken cancellationToken)
    {
        var key = CacheKey(path);
        _cache.Writing(key);
        var written = await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseKvVersionMetadata, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException($"Vault returned no metadata for {request.Operation} {request.Path}.");
        _cache.Written(key, written.Version);
        return written;
    }

    private KvCacheKey CacheKey(string path) => new(Mount, VaultPath.Trim(path));

    private async Task VersionsOperationAsync(string section, string path, IEnumerable<int> versions, bool versionsToo, CancellationToken cancellationToken)
    {
        VaultPath.Validate(path, nameof(path));
        var list = versions.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one version is required.", nameof(versions));
        }

        var key = CacheKey(path);
        _cache.Invalidate(key, versionsToo);
        var body = JsonSerializer.SerializeToUtf8Bytes(new KvVersionsRequest { Versions = list }, VaultJsonContext.Default.KvVersionsRequest);
        await _transport.SendAsync(new VaultRequest(HttpMethod.Post, VaultPath.Combine(Mount, section, path), "kv." + section) { Body = body }, cancellationToken).ConfigureAwait(false);
        _cache.Deleted(key);
    }

    private byte[] WriteDataBody<T>(T data, int? checkAndSet)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data"u8);
            JsonSerializer.Serialize(writer, data, _serializerOptions);
            if (checkAndSet is { } cas)
            {
                writer.WriteStartObject("options"u8);
                writer.WriteNumber("cas"u8, cas);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

internal sealed class KvVersionsRequest
{
    public int[] Versions { get; init; } = [];
}
