namespace DevVault.Configuration;

/// <summary>Where a node of a configuration file starts (1-based), so errors can point at it.</summary>
public readonly record struct ConfigPosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A configuration file read into a tree that keeps positions. HCL and JSON both read into it, so one
/// interpreter (<see cref="ServerConfigurationReader"/>) serves both syntaxes, as Vault's does.
/// </summary>
public abstract record ConfigNode(ConfigPosition Position);

/// <summary>A string, number or boolean.</summary>
public sealed record ConfigScalar(object Value, ConfigPosition Position) : ConfigNode(Position)
{
    public string Text => Value switch
    {
        bool flag => flag ? "true" : "false",
        double number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => (string)Value,
    };
}

public sealed record ConfigList(IReadOnlyList<ConfigNode> Items, ConfigPosition Position) : ConfigNode(Position);

/// <summary>
/// An object or a block body. Keys may repeat (HCL's repeated blocks such as two <c>listener</c> stanzas), so
/// entries are a list, in file order. A labelled block <c>storage "file" { ... }</c> reads as
/// <c>storage = { file = { ... } }</c>, which is also its JSON form.
/// </summary>
public sealed record ConfigObject(IReadOnlyList<ConfigEntry> Entries, ConfigPosition Position) : ConfigNode(Position);

public sealed record ConfigEntry(string Key, ConfigNode Value, ConfigPosition Position);
