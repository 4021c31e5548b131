namespace DevVault.Policies;

/// <summary>A named policy: its raw text as written and its parsed path rules.</summary>
public sealed record Policy(string Name, string Raw, IReadOnlyList<PathRule> Rules);
