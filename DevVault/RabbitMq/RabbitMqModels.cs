namespace DevVault.RabbitMq;

/// <summary><c>config/connection</c>: the management API and the administrator DevVault creates users as. Stored behind the barrier, never read back.</summary>
public sealed class RabbitMqConnection
{
    public string ConnectionUri { get; set; } = "";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";
}

/// <summary><c>config/lease</c>: the TTL and max TTL of credentials (seconds; zero means the mount's).</summary>
public sealed class RabbitMqLease
{
    public long Ttl { get; set; }

    public long MaxTtl { get; set; }
}

/// <summary>A role: the tags and per-vhost (and per-vhost-and-exchange topic) permissions its users get.</summary>
public sealed class RabbitMqRole
{
    public string Tags { get; set; } = "";

    public Dictionary<string, RabbitMqPermissions> Vhosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>vhost → exchange → read/write patterns.</summary>
    public Dictionary<string, Dictionary<string, RabbitMqPermissions>> VhostTopics { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>RabbitMQ's permission regular expressions (configure is unused for topic permissions).</summary>
public sealed class RabbitMqPermissions
{
    public string Configure { get; set; } = "";

    public string Write { get; set; } = "";

    public string Read { get; set; } = "";
}
