using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Sys;

/// <summary><c>sys/tools/random</c> and <c>sys/tools/hash</c> (VAULT-API.md 1.12).</summary>
public sealed class ToolEndpoints : ISysEndpoints
{
    private const int MaxRandomBytes = 128 * 1024;

    public IReadOnlyList<string> Prefixes => ["tools/*"];

    public IReadOnlyList<string> RootPaths => [];

    public IReadOnlyList<string> TopLevelDataPaths => [];

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Update or Operation.Create))
        {
            throw VaultException.UnsupportedOperation();
        }

        var segments = sysPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var response = segments[1] switch
        {
            "random" => Random(request.Data, segments[2..]),
            "hash" => Hash(request.Data, segments[2..]),
            _ => throw VaultException.UnsupportedPath(),
        };
        return ValueTask.FromResult<LogicalResponse?>(response);
    }

    /// <summary>Random bytes; the path may carry <c>/:source</c> and/or <c>/:bytes</c>.</summary>
    public static LogicalResponse Random(JsonObject data, string[] pathArguments)
    {
        var bytes = data.GetInt("bytes") ?? 32;
        foreach (var argument in pathArguments)
        {
            if (long.TryParse(argument, out var fromPath))
            {
                bytes = fromPath;
            }
            else if (argument is not ("platform" or "seal" or "all"))
            {
                throw VaultException.BadRequest($"unsupported entropy source {argument}; must be \"platform\" or \"seal\", or \"all\"");
            }
        }

        if (bytes < 1)
        {
            throw VaultException.BadRequest("'bytes' cannot be less than 1");
        }

        if (bytes > MaxRandomBytes)
        {
            throw VaultException.BadRequest($"'bytes' cannot be more than {MaxRandomBytes}");
        }

        var random = RandomNumberGenerator.GetBytes((int)bytes);
        return LogicalResponse.WithData(new JsonObject { ["random_bytes"] = Encode(random, data.GetString("format") ?? "base64") });
    }

    /// <summary>A digest of base64 input; the algorithm may be in the path or the body.</summary>
    public static LogicalResponse Hash(JsonObject data, string[] pathArguments)
    {
        var algorithm = pathArguments.Length > 0 ? pathArguments[0] : data.GetString("algorithm") ?? "sha2-256";
        var input = data.GetString("input") ?? throw VaultException.BadRequest("missing input to hash");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(input);
        }
        catch (FormatException)
        {
            throw VaultException.BadRequest("unable to decode input as base64");
        }

        byte[] sum = algorithm switch
        {
            "sha2-256" => SHA256.HashData(bytes),
            "sha2-384" => SHA384.HashData(bytes),
            "sha2-512" => SHA512.HashData(bytes),
            "sha3-256" when SHA3_256.IsSupported => SHA3_256.HashData(bytes),
            "sha3-384" when SHA3_384.IsSupported => SHA3_384.HashData(bytes),
            "sha3-512" when SHA3_512.IsSupported => SHA3_512.HashData(bytes),
            _ => throw VaultException.BadRequest($"unsupported algorithm {algorithm}"),
        };
        return LogicalResponse.WithData(new JsonObject { ["sum"] = Encode(sum, data.GetString("format") ?? "hex") });
    }

    private static string Encode(byte[] bytes, string format) => format switch
    {
        "hex" => Convert.ToHexStringLower(bytes),
        "base64" => Convert.ToBase64String(bytes),
        _ => throw VaultException.BadRequest($"unsupported encoding format {format}; must be \"hex\" or \"base64\""),
    };
}
