using VaultDemo.WriterService.Http;
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
        builder.Services.AddSingleton<SecretWriter>();
        builder.Services.AddSingleton<UserRegistration>();
        return builder;
    }

    public static WebApplication MapWriterEndpoints(this WebApplication app)
    {
        app.MapSecretEndpoints();
        app.MapUserEndpoints();
        return app;
    }
}
