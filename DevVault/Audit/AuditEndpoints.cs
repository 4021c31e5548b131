using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Sys;

namespace DevVault.Audit;

/// <summary><c>sys/audit</c>, <c>sys/audit/:path</c> and <c>sys/audit-hash/:path</c> (VAULT-API.md 1.11).</summary>
public sealed class AuditEndpoints(AuditBroker broker) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["audit", "audit/*", "audit-hash/*"];

    public IReadOnlyList<string> RootPaths => ["audit", "audit/*"];

    public IReadOnlyList<string> TopLevelDataPaths => Prefixes;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (sysPath.StartsWith("audit-hash/", StringComparison.Ordinal))
        {
            return HashInput(sysPath["audit-hash/".Length..], request.Data);
        }

        var path = sysPath["audit".Length..].Trim('/');
        if (path.Length == 0)
        {
            return request.Operation is Operation.Read or Operation.List
                ? LogicalResponse.WithData(List())
                : throw VaultException.UnsupportedOperation();
        }

        path += "/";
        return request.Operation switch
        {
            Operation.Create or Operation.Update => await EnableAsync(path, request.Data, cancellationToken),
            Operation.Delete => await DisableAsync(path, cancellationToken),
            _ => throw VaultException.UnsupportedOperation(),
        };
    }

    private JsonObject List()
    {
        var data = new JsonObject();
        foreach (var device in broker.Devices)
        {
            var options = new JsonObject();
            foreach (var (key, value) in device.Options)
            {
                options[key] = value;
            }

            data[device.Path] = new JsonObject
            {
                ["type"] = device.Type,
                ["description"] = device.Description,
                ["options"] = options,
                ["local"] = device.Local,
                ["path"] = device.Path,
            };
        }

        return data;
    }

    private async ValueTask<LogicalResponse?> EnableAsync(string path, JsonObject data, CancellationToken cancellationToken)
    {
        var type = data.GetString("type");
        if (string.IsNullOrEmpty(type))
        {
            throw VaultException.BadRequest("audit type must be specified");
        }

        if (type != "file")
        {
            throw VaultException.BadRequest($"unknown backend type: \"{type}\"");
        }

        var options = data.GetStringMap("options") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        if (!options.TryGetValue("file_path", out var filePath) && !options.TryGetValue("path", out filePath))
        {
            throw VaultException.BadRequest("file_path is required");
        }

        options.Remove("path");
        options["file_path"] = filePath;
        if (options.TryGetValue("format", out var format) && format != "json")
        {
            throw VaultException.BadRequest($"unknown format type \"{format}\"");
        }

        if (options.TryGetValue("mode", out var mode) && !IsOctal(mode))
        {
            throw VaultException.BadRequest($"unable to parse 'mode': {mode}");
        }

        var device = new AuditDevice
        {
            Path = path,
            Description = data.GetString("description") ?? "",
            Local = data.GetBool("local", false),
            Options = options,
        };
        try
        {
            device.Validate();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VaultException.BadRequest($"sanity check failed; unable to open \"{filePath}\" for writing: {e.Message}");
        }

        if (!await broker.TryAddAsync(device, cancellationToken))
        {
            throw VaultException.BadRequest($"path already in use: {path}");
        }

        return null;
    }

    private async ValueTask<LogicalResponse?> DisableAsync(string path, CancellationToken cancellationToken)
    {
        await broker.RemoveAsync(path, cancellationToken);
        return null;
    }

    private LogicalResponse HashInput(string path, JsonObject data)
    {
        var device = broker.Get(path.TrimEnd('/') + "/") ?? throw VaultException.BadRequest("unknown audit backend");
        var input = data.GetString("input") ?? throw VaultException.BadRequest("the \"input\" parameter is required");
        return LogicalResponse.WithData(new JsonObject { ["hash"] = device.Hash(input) });
    }

    private static bool IsOctal(string mode) => mode.Length > 0 && mode.All(c => c is >= '0' and <= '7');
}
