namespace VaultDemo.ReaderWorker.Reconciliation;

/// <summary>Section <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>How often Vault's listing is compared with what was read; the bus makes it rarely find anything.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
