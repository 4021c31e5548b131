namespace VaultDemo.WriterService.Outbox;

/// <summary>Section <c>Outbox</c>: how long sent events and Idempotency-Keys are kept, and how they are removed.</summary>
public sealed class OutboxRetentionOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How long a sent row stays, for inspection and late retries; zero removes rows as soon as they are sent.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rows removed per statement, so a large backlog never holds locks or bloats one transaction.</summary>
    public int RetentionBatchSize { get; set; } = 1000;

    /// <summary>How often expired rows are looked for.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);
}
