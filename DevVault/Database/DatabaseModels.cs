namespace DevVault.Database;

/// <summary>A connection at <c>database/config/:name</c>. The password is stored but never returned.</summary>
public sealed class ConnectionConfig
{
    public string Name { get; set; } = "";

    public string PluginName { get; set; } = "postgresql-database-plugin";

    public string ConnectionUrl { get; set; } = "";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public List<string> AllowedRoles { get; set; } = [];

    public List<string> RootRotationStatements { get; set; } = [];

    public string PasswordAuthentication { get; set; } = "password";

    public int MaxOpenConnections { get; set; } = 4;

    public bool VerifyConnection { get; set; } = true;

    public string PasswordPolicy { get; set; } = "";
}

/// <summary>A dynamic role at <c>database/roles/:name</c>.</summary>
public sealed class DynamicRole
{
    public string DbName { get; set; } = "";

    public List<string> CreationStatements { get; set; } = [];

    public List<string> RevocationStatements { get; set; } = [];

    public List<string> RollbackStatements { get; set; } = [];

    public List<string> RenewStatements { get; set; } = [];

    public long DefaultTtl { get; set; }

    public long MaxTtl { get; set; }
}

/// <summary>A static role at <c>database/static-roles/:name</c>: one existing user whose password DevVault rotates.</summary>
public sealed class StaticRole
{
    public string Name { get; set; } = "";

    public string DbName { get; set; } = "";

    public string Username { get; set; } = "";

    public long RotationPeriod { get; set; }

    public List<string> RotationStatements { get; set; } = [];

    public string Password { get; set; } = "";

    public DateTimeOffset LastVaultRotation { get; set; }
}
