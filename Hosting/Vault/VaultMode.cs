using Microsoft.Extensions.Configuration;

namespace VaultDemo.Hosting.Vault;

/// <summary>How the AppHost runs the Vault it starts: the AppHost parameter <c>&lt;name&gt;-mode</c>.</summary>
public enum VaultMode
{
    /// <summary>
    /// Production mode: storage in PostgreSQL, initialised on the first start, unsealed by the AppHost on every start,
    /// so what was written in one run is there in the next.
    /// </summary>
    Server,

    /// <summary>The in-memory dev server: unsealed from the start, with a generated root token, gone when it stops.</summary>
    Dev,
}

internal static class VaultModes
{
    /// <summary>
    /// Read at build time, because the mode decides what the model holds (a storage database to wait for, a root token
    /// to generate or one that only init can give), which no value resolved later at start can change.
    /// </summary>
    public static VaultMode Read(IConfiguration configuration, string parameterName)
    {
        var value = configuration[$"Parameters:{parameterName}"];
        return value?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SERVER" => VaultMode.Server,
            "DEV" => VaultMode.Dev,
            _ => throw new DistributedApplicationException(
                $"The parameter '{parameterName}' must be 'server' (the default: PostgreSQL storage, kept between runs) or 'dev' (the in-memory dev server); it is '{value}'."),
        };
    }
}
