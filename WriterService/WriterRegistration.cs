using VaultDemo.WriterService.Http;
using VaultDemo.WriterService.Idempotency;
using VaultDemo.WriterService.Journal;
using VaultDemo.WriterService.Outbox;
using VaultDemo.WriterService.Secrets;
using VaultDemo.WriterService.Users;

namespace VaultDemo.WriterService;

internal static class WriterRegistration
{
    public static WebApplicationBuilder AddWriter(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<WriteJournal>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddOptions<OutboxRetentionOptions>()
            .Bind(builder.Configuration.GetSection(OutboxRetentionOptions.SectionName))
            .Validate(o => o.Retention >= TimeSpan.Zero, "Outbox:Retention cannot be negative (0 deletes events once sent).")
            .Validate(o => o.RetentionBatchSize > 0, "Outbox:RetentionBatchSize must be positive.")
            .Validate(o => o.RetentionInterval > TimeSpan.Zero, "Outbox:RetentionInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<OutboxRetention>();
        builder.Services.AddSingleton<IdempotencyKeys>();
        builder.Services.AddSingleton<SecretWriteFingerprint>();
        builder.Services.AddSingleton<UnrecordedWrites>();
        builder.Services.AddSingleton<SecretWriter>();
        builder.Services.AddSingleton<UserRegistration>();
        return builder;
    }

    /// <summary>The writer's pipeline: problem details for every failure, then its endpoints.</summary>
    public static WebApplication UseWriter(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // bodiless answers (404, 405, 415) become problem details too
        app.MapOpenApi();
        app.MapSecretEndpoints();
        app.MapUserEndpoints();
        return app;
    }
}
