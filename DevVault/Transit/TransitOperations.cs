using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Transit;

/// <summary>The cryptographic endpoints: encrypt, decrypt, rewrap, datakey, hmac, sign, verify, random, hash, export.</summary>
public sealed partial class TransitBackend
{
    private async Task<LogicalResponse> EncryptAsync(string name, JsonObject data, bool mayCreate, CancellationToken cancellationToken)
    {
        var key = await FindKeyAsync(name, cancellationToken);
        if (key is null)
        {
            if (!mayCreate)
            {
                throw VaultException.BadRequest("encryption key not found");
            }

            // Upsert: the key's derivation follows whether the first request carried a context, as in Vault.
            var first = data["batch_input"] is JsonArray { Count: > 0 } batch && batch[0] is JsonObject item ? item : data;
            var settings = new JsonObject
            {
                ["type"] = data.GetString("type"),
                ["derived"] = first.GetString("context") is { Length: > 0 },
                ["convergent_encryption"] = data.GetBool("convergent_encryption", false),
            };
            key = await CreateKeyCoreAsync(name, settings, cancellationToken);
        }

        if (!key.Type.SupportsEncryption())
        {
            throw VaultException.BadRequest($"key type {key.Type.ToWire()} does not support encryption");
        }

        var defaultVersion = data.GetInt("key_version", 0);
        return Batch(data, failuresAre400: true, item =>
        {
            var plaintext = Base64(item, "plaintext", "missing plaintext to encrypt", allowEmpty: true);
            var version = key.ResolveEncryptionVersion(item.GetInt("key_version") ?? defaultVersion);
            return new JsonObject
            {
                ["ciphertext"] = key.Encrypt(version, plaintext, OptionalBase64(item, "context"), OptionalBase64(item, "associated_data")),
                ["key_version"] = version,
            };
        });
    }

    private static LogicalResponse Decrypt(TransitKey key, JsonObject data) =>
        Batch(data, failuresAre400: true, item =>
        {
            var ciphertext = RequiredString(item, "ciphertext", "missing ciphertext to decrypt");
            var plaintext = key.Decrypt(ciphertext, OptionalBase64(item, "context"), OptionalBase64(item, "associated_data"));
            return new JsonObject { ["plaintext"] = Convert.ToBase64String(plaintext) };
        });

    private static LogicalResponse Rewrap(TransitKey key, JsonObject data)
    {
        var defaultVersion = data.GetInt("key_version", 0);
        return Batch(data, failuresAre400: true, item =>
        {
            var ciphertext = RequiredString(item, "ciphertext", "missing ciphertext to rewrap");
            var context = OptionalBase64(item, "context");
            var associatedData = OptionalBase64(item, "associated_data");
            var plaintext = key.Decrypt(ciphertext, context, associatedData);
            try
            {
                var version = key.ResolveEncryptionVersion(item.GetInt("key_version") ?? defaultVersion);
                return new JsonObject { ["ciphertext"] = key.Encrypt(version, plaintext, context, associatedData), ["key_version"] = version };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        });
    }

    private static LogicalResponse DataKey(TransitKey key, string kind, JsonObject data)
    {
        if (kind is not ("plaintext" or "wrapped"))
        {
            throw VaultException.BadRequest("invalid type");
        }

        var bits = data.GetInt("bits", 256);
        if (bits is not (128 or 256 or 512))
        {
            throw VaultException.BadRequest("invalid bit length");
        }

        var version = key.ResolveEncryptionVersion(data.GetInt("key_version", 0));
        var dataKey = RandomNumberGenerator.GetBytes((int)(bits / 8));
        var result = new JsonObject
        {
            ["ciphertext"] = key.Encrypt(version, dataKey, OptionalBase64(data, "context"), []),
            ["key_version"] = version,
        };
        if (kind == "plaintext")
        {
            result["plaintext"] = Convert.ToBase64String(dataKey);
        }

        return LogicalResponse.WithData(result);
    }

    private static LogicalResponse Hmac(TransitKey key, string algorithm, JsonObject data)
    {
        var defaultVersion = data.GetInt("key_version", 0);
        return Batch(data, failuresAre400: false, item =>
        {
            var input = Base64(item, "input", "missing input for HMAC", allowEmpty: true);
            var requested = item.GetInt("key_version") ?? defaultVersion;
            var version = requested == 0 ? key.Record.LatestVersion : (int)requested;
            if (version < key.Record.MinEncryptionVersion || version > key.Record.LatestVersion || version < 1)
            {
                throw VaultException.BadRequest("invalid key version");
            }

            return new JsonObject { ["hmac"] = key.Hmac(version, algorithm, input) };
        });
    }

    private static LogicalResponse Sign(TransitKey key, string hashAlgorithm, JsonObject data)
    {
        if (!key.Type.SupportsSigning())
        {
            throw VaultException.BadRequest($"key type {key.Type.ToWire()} does not support signing");
        }

        var jws = Marshaling(data);
        var prehashed = data.GetBool("prehashed", false);
        var defaultVersion = data.GetInt("key_version", 0);
        return Batch(data, failuresAre400: false, item =>
        {
            var version = key.ResolveEncryptionVersion(item.GetInt("key_version") ?? defaultVersion);
            var digest = Digest(key, item, hashAlgorithm, prehashed);
            return new JsonObject { ["signature"] = key.Sign(version, digest, jws), ["key_version"] = version };
        });
    }

    private static LogicalResponse Verify(TransitKey key, string[] rest, JsonObject data)
    {
        var isHmac = data.Has("hmac") || data["batch_input"] is JsonArray { Count: > 0 } batch && batch[0] is JsonObject first && first.Has("hmac");
        if (isHmac)
        {
            var algorithm = Algorithm(data, rest, "algorithm");
            return Batch(data, failuresAre400: false, item =>
            {
                var input = Base64(item, "input", "missing input", allowEmpty: true);
                var hmac = RequiredString(item, "hmac", "missing hmac value");
                return new JsonObject { ["valid"] = key.VerifyHmac(hmac, algorithm, input) };
            });
        }

        if (!key.Type.SupportsSigning())
        {
            throw VaultException.BadRequest($"key type {key.Type.ToWire()} does not support verification");
        }

        var hashAlgorithm = Algorithm(data, rest, "hash_algorithm");
        var jws = Marshaling(data);
        var prehashed = data.GetBool("prehashed", false);
        return Batch(data, failuresAre400: false, item =>
        {
            var signature = RequiredString(item, "signature", "missing signature");
            var digest = Digest(key, item, hashAlgorithm, prehashed);
            return new JsonObject { ["valid"] = key.Verify(signature, digest, jws) };
        });
    }

    private static LogicalResponse Random(string[] rest, JsonObject data)
    {
        // random(/:source)(/:bytes): the source (platform|all|seal) changes nothing here; every source is the OS CSPRNG.
        var path = rest.Where(s => s.Length > 0).ToList();
        if (path.Count > 0 && path[0] is "platform" or "all" or "seal")
        {
            path.RemoveAt(0);
        }

        var bytes = path.Count > 0
            ? (long.TryParse(path[0], out var fromPath) ? fromPath : throw VaultException.BadRequest($"unable to parse bytes as integer: {path[0]}"))
            : data.GetInt("bytes", 32);
        if (bytes is < 1 or > 1024 * 128)
        {
            throw VaultException.BadRequest($"number of bytes is not within the allowed range ({bytes})");
        }

        var random = RandomNumberGenerator.GetBytes((int)bytes);
        return LogicalResponse.WithData(new JsonObject { ["random_bytes"] = Encode(random, data.GetString("format", "base64")) });
    }

    private static LogicalResponse Hash(string[] rest, JsonObject data)
    {
        var algorithm = rest.Length > 0 && rest[0].Length > 0 ? rest[0] : data.GetString("algorithm", "sha2-256");
        var input = Base64(data, "input", "missing input", allowEmpty: true);
        return LogicalResponse.WithData(new JsonObject { ["sum"] = Encode(TransitHashes.Hash(algorithm, input), data.GetString("format", "hex")) });
    }

    private static LogicalResponse Export(TransitKey key, string kind, string[] rest)
    {
        if (kind != "public-key" && !key.Record.Exportable)
        {
            throw VaultException.BadRequest("private key material is not exportable");
        }

        var valid = kind switch
        {
            "encryption-key" => key.Type.SupportsEncryption(),
            "signing-key" or "public-key" => key.Type.SupportsSigning(),
            "hmac-key" => true,
            _ => throw VaultException.BadRequest("invalid export type"),
        };
        if (!valid)
        {
            throw VaultException.BadRequest($"{kind} not supported by key type {key.Type.ToWire()}");
        }

        var versions = key.Record.Versions.Keys.Order().ToList();
        if (rest.Length > 0 && rest[0].Length > 0 && rest[0] != "latest")
        {
            if (!int.TryParse(rest[0], out var only) || !key.Record.Versions.ContainsKey(only))
            {
                throw VaultException.BadRequest("invalid key version");
            }

            versions = [only];
        }
        else if (rest.Length > 0 && rest[0] == "latest")
        {
            versions = [key.Record.LatestVersion];
        }

        var keys = new JsonObject();
        foreach (var version in versions)
        {
            var material = key.Record.Versions[version];
            keys[version.ToString(System.Globalization.CultureInfo.InvariantCulture)] = kind switch
            {
                "encryption-key" => Convert.ToBase64String(material.Key!),
                "hmac-key" => Convert.ToBase64String(material.HmacKey),
                "public-key" => material.PublicKeyPem,
                _ => key.ExportSigningKey(version),
            };
        }

        return LogicalResponse.WithData(new JsonObject { ["name"] = key.Name, ["type"] = key.Record.Type, ["keys"] = keys });
    }

    /// <summary>
    /// Runs one item, or each item of <c>batch_input</c> with per-item errors and the caller's <c>reference</c> echoed.
    /// Encrypt-style endpoints answer 400 when any item failed unless <c>partial_failure_response_code</c> says otherwise.
    /// </summary>
    private static LogicalResponse Batch(JsonObject data, bool failuresAre400, Func<JsonObject, JsonObject> run)
    {
        if (!data.TryGetPropertyValue("batch_input", out var batchNode) || batchNode is null)
        {
            return LogicalResponse.WithData(run(data));
        }

        if (batchNode is not JsonArray batch)
        {
            throw VaultException.BadRequest("failed to parse batch input: expected a list of objects");
        }

        if (batch.Count == 0)
        {
            throw VaultException.BadRequest("missing batch input to process");
        }

        var results = new JsonArray();
        var failed = false;
        foreach (var node in batch)
        {
            if (node is not JsonObject item)
            {
                throw VaultException.BadRequest("failed to parse batch input: expected a list of objects");
            }

            JsonObject result;
            try
            {
                result = run(item);
            }
            catch (VaultException e) when (e.StatusCode == 400)
            {
                failed = true;
                result = new JsonObject { ["error"] = e.Errors.Count > 0 ? e.Errors[0] : e.Message };
            }

            result["reference"] = item.GetString("reference") ?? "";
            results.Add(result);
        }

        var response = LogicalResponse.WithData(new JsonObject { ["batch_results"] = results });
        if (failed && failuresAre400)
        {
            response.StatusCode = data.GetInt("partial_failure_response_code") is { } code and > 0 ? (int)code : 400;
        }

        return response;
    }

    private static string Algorithm(JsonObject data, string[] rest, string field) =>
        rest.Length > 0 && rest[0].Length > 0 ? rest[0] : data.GetString(field) is { Length: > 0 } a ? a : "sha2-256";

    private static bool Marshaling(JsonObject data) => data.GetString("marshaling_algorithm", "asn1") switch
    {
        "asn1" => false,
        "jws" => true,
        var other => throw VaultException.BadRequest($"invalid marshaling type {other}"),
    };

    private static byte[] Digest(TransitKey key, JsonObject item, string hashAlgorithm, bool prehashed)
    {
        var input = Base64(item, "input", "missing input", allowEmpty: true);
        if (key.Type == TransitKeyType.Ed25519)
        {
            // Pure Ed25519 signs the message itself; hash_algorithm does not apply and Ed25519ph is not offered.
            return prehashed ? throw VaultException.BadRequest("prehashed input is not supported for ed25519 keys") : input;
        }

        return prehashed ? input : TransitHashes.Hash(hashAlgorithm, input);
    }

    private static string RequiredString(JsonObject item, string field, string missing) =>
        item.GetString(field) is { Length: > 0 } value ? value : throw VaultException.BadRequest(missing);

    private static byte[] Base64(JsonObject item, string field, string missing, bool allowEmpty)
    {
        var text = item.GetString(field) ?? throw VaultException.BadRequest(missing);
        if (text.Length == 0 && !allowEmpty)
        {
            throw VaultException.BadRequest(missing);
        }

        return Decode(field, text);
    }

    private static byte[]? OptionalBase64(JsonObject item, string field) =>
        item.GetString(field) is { Length: > 0 } text ? Decode(field, text) : null;

    private static byte[] Decode(string field, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw VaultException.BadRequest($"failed to base64-decode {field}");
        }
    }

    private static string Encode(byte[] bytes, string format) => format switch
    {
        "base64" => Convert.ToBase64String(bytes),
        "hex" => Convert.ToHexStringLower(bytes),
        _ => throw VaultException.BadRequest($"unsupported encoding format {format}; must be \"hex\" or \"base64\""),
    };
}
